"""Composing from the running sample subgraphs (``subgraph_url``) gives the same supergraph
as composing from the committed SDL files."""

from __future__ import annotations

from pathlib import Path

import yaml

from composer.cli import compose_from_config
from tests.procs import Proc

ROOT = Path(__file__).resolve().parent.parent.parent


def test_live_config_composes_like_the_files(live: dict[str, Proc], tmp_path: Path) -> None:
    live_cfg = yaml.safe_load((ROOT / "examples" / "supergraph-live.yaml").read_text())
    files_cfg = yaml.safe_load((ROOT / "supergraph.yaml").read_text())
    assert set(live_cfg["subgraphs"]) == set(files_cfg["subgraphs"])
    # Point both configs at the processes of this test run (ports are chosen at run time).
    for name, entry in live_cfg["subgraphs"].items():
        url = live[name].url + "/graphql"
        entry["routing_url"] = url
        entry["schema"]["subgraph_url"] = url
        files_cfg["subgraphs"][name]["routing_url"] = url
        files_cfg["subgraphs"][name]["schema"]["file"] = str(
            ROOT / files_cfg["subgraphs"][name]["schema"]["file"]
        )
    (tmp_path / "live.yaml").write_text(yaml.safe_dump(live_cfg))
    (tmp_path / "files.yaml").write_text(yaml.safe_dump(files_cfg))
    from_live = compose_from_config(tmp_path / "live.yaml", 10.0)
    from_files = compose_from_config(tmp_path / "files.yaml", 10.0)
    assert from_live.ok, [e.format() for e in from_live.errors]
    assert from_live.supergraph_sdl == from_files.supergraph_sdl
