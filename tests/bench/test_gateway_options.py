"""Command-line options of the gateway benchmark."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.gateway_options import parse_args
from bench.gateway_procs import gateway_command
from bench.launch import pinned


def test_defaults_and_lists() -> None:
    opts = parse_args(["--query", "heavy,light", "--gateways", "apollo, hive", "--loadgen", "wrk"])
    assert opts.queries == ("heavy", "light")
    assert opts.gateways == ("apollo", "hive")
    assert (opts.duration, opts.rounds, opts.connections) == (10.0, 3, 50)
    assert (opts.gateway_cpus, opts.loadgen_cpus) == ("1", "0")


@pytest.mark.parametrize("argv", [["--gateways", "nginx"], ["--query", "medium"]])
def test_unknown_names_are_usage_errors(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        parse_args(argv)
    assert exc.value.code == 2


def test_flags_reach_the_gateway_commands() -> None:
    opts = parse_args(["--inbound-dedup", "--switchyard-workers", "2", "--loadgen", "wrk"])
    sg = Path("/x/supergraph.graphql")
    ours = gateway_command("switchyard", opts, sg, 4301)
    assert ours[1:] == [
        "-m",
        "router",
        "--supergraph",
        str(sg),
        "--port",
        "4301",
        "--workers",
        "2",
        "--inbound-dedup",
    ]
    assert gateway_command("hive", opts, sg, 4303)[-1] == "--inbound-dedup"
    assert "--inbound-dedup" not in gateway_command("apollo", opts, sg, 4302)
    assert pinned(["node", "x.mjs"], "1")[-2:] == ["node", "x.mjs"]
