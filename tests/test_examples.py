"""The examples stay true: the router config loads, the CI workflow's commands parse."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml

from router.cli import build_parser
from router.server import load_config

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_router_yaml_loads_and_forwards_the_user_header() -> None:
    config = load_config((EXAMPLES / "router.yaml").read_text(encoding="utf-8"))
    text = repr(config)
    assert "x-user-id" in text
    assert "traceparent" in text


def test_ci_workflow_runs_real_switchyard_commands() -> None:
    workflow = yaml.safe_load((EXAMPLES / "ci" / "schema-checks.yml").read_text(encoding="utf-8"))
    commands: list[str] = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for line in str(step.get("run", "")).splitlines():
                line = line.strip().lstrip("(").split("&&")[-1].strip().rstrip(")")
                if line.startswith("switchyard "):
                    commands.append(line)
    assert {c.split()[1] for c in commands} == {"compose", "check"}
    parser = build_parser()
    for c in commands:
        args = parser.parse_args(shlex.split(c)[1:])
        assert args.command in ("compose", "check")
