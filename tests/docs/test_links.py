"""Every relative link in docs/ and README.md names a file or folder that exists."""

from __future__ import annotations

import pytest

from tests.docs.helpers import ROOT, pages, relative_links


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
