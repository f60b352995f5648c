"""Every relative link in docs/ and README.md names a file or folder that exists, every link
to a heading names a heading of its page, and every source path named in the text exists."""

from __future__ import annotations

import pytest

from tests.docs.helpers import (
    ROOT,
    anchored_links,
    code_paths,
    heading_anchors,
    pages,
    relative_links,
)


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page) -> None:  # type: ignore[no-untyped-def]
    broken = [
        target
        for target in relative_links(page.read_text(encoding="utf-8"))
        if target and not (page.parent / target).exists()
    ]
    assert not broken, f"{page.relative_to(ROOT)}: broken links {broken}"


def test_link_reader() -> None:
    text = (
        "See [a](guides/a.md#x), [b](https://e.org), [c](#top), ![i](img.png).\n```\n[d](x)\n```\n"
    )
    assert relative_links(text) == ["guides/a.md"]


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_heading_links_resolve(page) -> None:  # type: ignore[no-untyped-def]
    broken = []
    for path, anchor in anchored_links(page.read_text(encoding="utf-8")):
        target = page if not path else page.parent / path
        if target.suffix != ".md" or not target.is_file():
            continue  # a missing file is reported by test_relative_links_resolve
        if anchor not in heading_anchors(target.read_text(encoding="utf-8")):
            broken.append(f"{path}#{anchor}")
    assert not broken, f"{page.relative_to(ROOT)}: links to missing headings {broken}"


def test_heading_anchors_are_githubs() -> None:
    text = (
        "# Title\n## N+1 and DataLoaders\n## 2. Batch every lookup\n"
        "### Merged fetches: `BatchFetch`\n## Title\n```yaml\n# not a heading\n```\n"
    )
    assert heading_anchors(text) == {
        "title",
        "n1-and-dataloaders",
        "2-batch-every-lookup",
        "merged-fetches-batchfetch",
        "title-1",
    }
    links = "[a](b.md#x) [c](#y) [d](b.md) [e](https://e.org/#z)"
    assert anchored_links(links) == [("b.md", "x"), ("", "y")]


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_named_source_paths_exist(page) -> None:  # type: ignore[no-untyped-def]
    missing = [p for p in code_paths(page.read_text(encoding="utf-8")) if not (ROOT / p).exists()]
    assert not missing, f"{page.relative_to(ROOT)}: names paths that do not exist {missing}"


def test_code_path_reader() -> None:
    text = (
        "See `router/dedup.py`, `docs/reference/*.md`, `--workers` and `supergraph.workers`.\n"
        "```sh\ncat `router/gone.py`\n```\n"
    )
    assert code_paths(text) == ["router/dedup.py"]
