"""Command-line options of the gateway benchmark, the rows they select and the commands those
rows run."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.gateway_options import parse_args
from bench.gateway_procs import gateway_command, gateway_specs
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


def _rows(argv: list[str]) -> list[tuple[str, str, int, bool]]:
    opts = parse_args([*argv, "--loadgen", "wrk"])
    return [(s.name, s.kind, s.workers, s.dedup) for s in gateway_specs(opts)]


def test_one_row_per_gateway_by_default() -> None:
    assert _rows([]) == [
        ("switchyard", "switchyard", 1, False),
        ("apollo", "apollo", 1, False),
        ("hive", "hive", 1, False),
    ]
    assert _rows(["--switchyard-workers", "1"]) == _rows([])


def test_workers_and_dedup_add_rows_next_to_their_gateway() -> None:
    assert _rows(["--switchyard-workers", "3", "--inbound-dedup"]) == [
        ("switchyard", "switchyard", 1, False),
        ("switchyard-w3", "switchyard", 3, False),
        ("switchyard+dedup", "switchyard", 1, True),
        ("apollo", "apollo", 1, False),  # Apollo Gateway has no inbound de-duplication
        ("hive", "hive", 1, False),
        ("hive+dedup", "hive", 1, True),
    ]


def test_extra_rows_only_for_selected_gateways() -> None:
    argv = ["--gateways", "apollo,hive", "--switchyard-workers", "2", "--inbound-dedup"]
    assert [name for name, *_ in _rows(argv)] == ["apollo", "hive", "hive+dedup"]


def test_each_row_passes_its_own_settings() -> None:
    opts = parse_args(["--inbound-dedup", "--switchyard-workers", "2", "--loadgen", "wrk"])
    sg = Path("/x/supergraph.graphql")
    extra = {}  # what each row's command adds after --port N
    for spec in gateway_specs(opts):
        cmd = gateway_command(spec.kind, opts, sg, 4301, workers=spec.workers, dedup=spec.dedup)
        extra[spec.name] = cmd[cmd.index("--port") + 2 :]
    assert extra == {
        "switchyard": [],
        "switchyard-w2": ["--workers", "2"],
        "switchyard+dedup": ["--inbound-dedup"],
        "apollo": [],
        "hive": [],
        "hive+dedup": ["--inbound-dedup"],
    }


def test_row_options_parse() -> None:
    opts = parse_args(["--loadgen", "wrk"])
    assert (opts.switchyard_workers, opts.inbound_dedup) == (1, False)
    assert opts.workers_cpus == opts.gateway_cpus == "1"
    assert (opts.router_costs, opts.costs_seconds) == (True, 2.0)
    opts = parse_args(
        ["--loadgen", "wrk", "--gateway-cpus", "2", "--no-router-costs", "--costs-seconds", "0.5"]
    )
    assert opts.workers_cpus == "2"  # follows --gateway-cpus unless given
    assert (opts.router_costs, opts.costs_seconds) == (False, 0.5)
    assert parse_args(["--loadgen", "wrk", "--workers-cpus", "2,3"]).workers_cpus == "2,3"
