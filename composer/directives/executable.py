"""Executable directive definitions: kept when every subgraph defines them, with the
intersection of their executable locations (hints INCONSISTENT_EXECUTABLE_DIRECTIVE_*)."""

from __future__ import annotations

from collections.abc import Sequence

from composer.directives.compose_directive import Composed
from composer.errors import CompositionError, Hint, HintCode
from composer.merge.fields import ArgSource, Problems, merge_arguments
from composer.merge.model import SDirectiveDef, Supergraph
from composer.subgraph.model import DirectiveDef, Subgraph

EXECUTABLE = {
    "QUERY",
    "MUTATION",
    "SUBSCRIPTION",
    "FIELD",
    "FRAGMENT_DEFINITION",
    "FRAGMENT_SPREAD",
    "INLINE_FRAGMENT",
    "VARIABLE_DEFINITION",
}
_BUILTINS = {"skip", "include", "deprecated", "specifiedBy", "oneOf", "defer", "stream"}


def _executable(d: DirectiveDef) -> list[str]:
    return sorted(loc for loc in d.locations if loc in EXECUTABLE)


def merge_executable(
    sup: Supergraph, subgraphs: Sequence[Subgraph], composed: Composed
) -> tuple[list[CompositionError], list[Hint]]:
    """Add the executable directive definitions shared by all subgraphs."""
    p = Problems([], [])
    names: list[str] = []
    for sg in subgraphs:
        for name, d in sg.directive_defs.items():
            if name in names or name in _BUILTINS or name in composed.identity_of:
                continue
            if name in sg.fed_names or name == "link" or not _executable(d):
                continue
            names.append(name)
    for name in sorted(names):
        defs = [(sg, sg.directive_defs.get(name)) for sg in subgraphs]
        present = [(sg, d) for sg, d in defs if d is not None]
        if len(present) != len(defs):
            missing = ", ".join(f'"{sg.name}"' for sg, d in defs if d is None)
            p.hint(
                HintCode.INCONSISTENT_EXECUTABLE_DIRECTIVE_PRESENCE,
                f'Executable directive "@{name}" will not be part of the supergraph as it does '
                f"not appear in all subgraphs: it is not defined in {missing}",
            )
            continue
        locations = _executable(present[0][1])
        for _, d in present[1:]:
            locations = [loc for loc in locations if loc in _executable(d)]
        if not locations:
            p.hint(
                HintCode.INCONSISTENT_EXECUTABLE_DIRECTIVE_LOCATIONS,
                f'Executable directive "@{name}" has no location that is common to all subgraphs',
            )
            continue
        if any(_executable(d) != locations for _, d in present):
            p.hint(
                HintCode.INCONSISTENT_EXECUTABLE_DIRECTIVE_LOCATIONS,
                f'Executable directive "@{name}" has inconsistent locations across subgraphs and '
                f"will use {' | '.join(locations)} (intersection of all subgraphs)",
            )
        repeatable = all(d.repeatable for _, d in present)
        if not repeatable and any(d.repeatable for _, d in present):
            p.hint(
                HintCode.INCONSISTENT_EXECUTABLE_DIRECTIVE_REPEATABLE,
                f'Executable directive "@{name}" will not be marked repeatable in the supergraph '
                "as it is inconsistently marked repeatable in subgraphs",
            )
        sources = [
            ArgSource(
                sg.name,
                {a.name: (a.type, a.default, a.description, []) for a in d.args.values()},
            )
            for sg, d in present
        ]
        args = merge_arguments(f"@{name}", sources, p)
        description = next((d.description for _, d in present if d.description), None)
        sup.directive_defs[name] = SDirectiveDef(name, args, locations, repeatable, description)
    return p.errors, p.hints
