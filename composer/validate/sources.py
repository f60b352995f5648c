"""The subgraph definitions behind each merged type and field (root types under their
default names), for the rules that compare subgraphs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from composer.subgraph.model import Field, Subgraph, TypeDef

ROOT_NAMES = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}


@dataclass(frozen=True, slots=True)
class FieldSource:
    sg: Subgraph
    type: TypeDef
    field: Field


def canonical_type_name(sg: Subgraph, name: str) -> str:
    op = sg.root_of(name)
    return ROOT_NAMES[op] if op is not None else name


def type_sources(subgraphs: Sequence[Subgraph]) -> dict[str, list[tuple[Subgraph, TypeDef]]]:
    out: dict[str, list[tuple[Subgraph, TypeDef]]] = {}
    for sg in subgraphs:
        for name, t in sg.types.items():
            out.setdefault(canonical_type_name(sg, name), []).append((sg, t))
    return out


def field_sources(subgraphs: Sequence[Subgraph]) -> dict[tuple[str, str], list[FieldSource]]:
    out: dict[tuple[str, str], list[FieldSource]] = {}
    for name, sources in type_sources(subgraphs).items():
        for sg, t in sources:
            for f in t.fields.values():
                out.setdefault((name, f.name), []).append(FieldSource(sg, t, f))
    return out


def subgraph_list(names: Sequence[str]) -> str:
    """Apollo's human-readable list: ``subgraph "a"`` / ``subgraphs "a" and "b"``."""
    quoted = [f'"{n}"' for n in names]
    if len(quoted) == 1:
        return f"subgraph {quoted[0]}"
    return "subgraphs " + ", ".join(quoted[:-1]) + f" and {quoted[-1]}"
