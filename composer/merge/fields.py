"""Merging fields, arguments and input values across subgraphs (types, defaults, join info)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from graphql import print_ast
from graphql.language import ast

from composer.errors import CompositionError, ErrorCode, Hint, HintCode
from composer.merge.model import SArg
from composer.merge.typeref import is_non_null, is_subtype
from composer.subgraph.model import Field

Implements = Callable[[str, str], bool]


@dataclass(slots=True)
class Problems:
    errors: list[CompositionError]
    hints: list[Hint]

    def error(self, code: ErrorCode, message: str, subgraph: str | None = None) -> None:
        self.errors.append(CompositionError(code, message, subgraph))

    def hint(self, code: HintCode, message: str, subgraph: str | None = None) -> None:
        self.hints.append(Hint(code, message, subgraph))


def subgraphs_text(names: Sequence[str]) -> str:
    """Apollo's list of subgraphs: ``subgraph "a"`` / ``subgraphs "a", "b" and "c"``."""
    quoted = [f'"{n}"' for n in names]
    if len(quoted) == 1:
        return f"subgraph {quoted[0]}"
    return "subgraphs " + ", ".join(quoted[:-1]) + f" and {quoted[-1]}"


def mismatch_text(values: Sequence[tuple[str, str]]) -> str:
    """Apollo's mismatch wording for (subgraph, printed value) pairs: ``X in subgraph "a" but
    Y in subgraphs "b" and "c" and Z in ...``, values in order of appearance."""
    groups: dict[str, list[str]] = {}
    for graph, value in values:
        groups.setdefault(value, []).append(graph)
    parts = [f"{value} in {subgraphs_text(graphs)}" for value, graphs in groups.items()]
    return parts[0] + (" but " + " and ".join(parts[1:]) if len(parts) > 1 else "")


def merge_output_type(
    coord: str, types: Sequence[tuple[str, str]], implements: Implements, p: Problems
) -> str | None:
    """The supertype of the given (subgraph, type) pairs, or None after an error."""
    distinct = list(dict.fromkeys(t for _, t in types))
    if len(distinct) == 1:
        return distinct[0]
    for cand in distinct:
        if all(is_subtype(t, cand, implements) for t in distinct):
            p.hint(
                HintCode.INCONSISTENT_BUT_COMPATIBLE_FIELD_TYPE,
                f'Type of field "{coord}" is inconsistent but compatible across subgraphs: '
                + ", ".join(f'"{t}" in subgraph "{g}"' for g, t in types),
            )
            return cand
    p.error(
        ErrorCode.FIELD_TYPE_MISMATCH,
        f'Type of field "{coord}" is incompatible across subgraphs: it has '
        + mismatch_text([(g, f'type "{t}"') for g, t in types]),
    )
    return None


def merge_input_type(
    coord: str, types: Sequence[tuple[str, str]], code: ErrorCode, p: Problems
) -> str | None:
    """Input positions merge contravariantly: the most specific type wins."""
    distinct = list(dict.fromkeys(t for _, t in types))
    if len(distinct) == 1:
        return distinct[0]
    for cand in distinct:
        if all(is_subtype(cand, t) for t in distinct):
            p.hint(
                HintCode.INCONSISTENT_BUT_COMPATIBLE_ARGUMENT_TYPE,
                f'Type of "{coord}" is inconsistent but compatible across subgraphs',
            )
            return cand
    kind = "argument" if coord.endswith(":)") else "field"
    p.error(
        code,
        f'Type of {kind} "{coord}" is incompatible across subgraphs: it has '
        + mismatch_text([(g, f'type "{t}"') for g, t in types]),
    )
    return None


def value_text(v: ast.ValueNode | None) -> str | None:
    return None if v is None else print_ast(v)


def merge_default(
    coord: str,
    defaults: Sequence[tuple[str, ast.ValueNode | None]],
    code: ErrorCode,
    p: Problems,
) -> ast.ValueNode | None:
    present = [(g, d) for g, d in defaults if d is not None]
    texts = {value_text(d) for _, d in present}
    if len(texts) > 1:
        kind = "Argument" if coord.endswith(":)") else "Input field"
        p.error(
            code,
            f'{kind} "{coord}" has incompatible default values across subgraphs: it has '
            + mismatch_text(
                [
                    (g, "no default value" if d is None else f"default value {value_text(d)}")
                    for g, d in defaults
                ]
            ),
        )
        return None
    if present and len(present) != len(defaults):
        p.hint(
            HintCode.INCONSISTENT_DEFAULT_VALUE_PRESENCE,
            f'"{coord}" has a default value in only some subgraphs: the default is dropped',
        )
        return None
    return present[0][1] if present else None


@dataclass(slots=True)
class ArgSource:
    graph: str
    args: dict[str, tuple[str, ast.ValueNode | None, str | None, list[str]]]
    # name -> (type, default, description, kept directive texts)


def contextual_arguments(coord: str, sources: Sequence[tuple[str, Field]], p: Problems) -> set[str]:
    """Arguments with @fromContext in some subgraph: left out of the supergraph; where they
    lack it, they must be optional (``sources``: subgraph name and field definition)."""
    names = {a.name for _, f in sources for a in f.args.values() if a.has("fromContext")}
    for graph, f in sources:
        for name in sorted(names):
            a = f.args.get(name)
            if a is None or a.has("fromContext"):
                continue
            if is_non_null(a.type) and a.default is None:
                p.error(
                    ErrorCode.CONTEXTUAL_ARGUMENT_NOT_CONTEXTUAL_IN_ALL_SUBGRAPHS,
                    f'Argument "{coord}({name}:)" is contextual in at least one subgraph but in '
                    f'"{coord}({name}:)" it does not have @fromContext, is not nullable and has '
                    "no default value.",
                )
            else:
                p.hint(
                    HintCode.CONTEXTUAL_ARGUMENT_NOT_CONTEXTUAL_IN_ALL_SUBGRAPHS,
                    f'Contextual argument "{coord}({name}:)" will not be included in the '
                    "supergraph since it is contextual in at least one subgraph",
                    graph,
                )
    return names


def merge_arguments(coord: str, sources: Sequence[ArgSource], p: Problems) -> dict[str, SArg]:
    """Arguments of an output field: the intersection across the sources that define it."""
    names: list[str] = []
    for s in sources:
        for n in s.args:
            if n not in names:
                names.append(n)
    out: dict[str, SArg] = {}
    for n in names:
        having = [s for s in sources if n in s.args]
        if len(having) != len(sources):
            required = [
                s.graph for s in having if is_non_null(s.args[n][0]) and s.args[n][1] is None
            ]
            if required:
                p.error(
                    ErrorCode.REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH,
                    f'Argument "{coord}({n}:)" is required in some subgraphs but does not appear '
                    f"in all subgraphs: it is required in {subgraphs_text(required)} but does not "
                    f"appear in {subgraphs_text([s.graph for s in sources if n not in s.args])}",
                )
            else:
                p.hint(
                    HintCode.INCONSISTENT_ARGUMENT_PRESENCE,
                    f'Optional argument "{coord}({n}:)" will not be included in the supergraph '
                    "as it does not appear in all subgraphs",
                )
            continue
        t = merge_input_type(
            f"{coord}({n}:)",
            [(s.graph, s.args[n][0]) for s in having],
            ErrorCode.FIELD_ARGUMENT_TYPE_MISMATCH,
            p,
        )
        default = merge_default(
            f"{coord}({n}:)",
            [(s.graph, s.args[n][1]) for s in having],
            ErrorCode.FIELD_ARGUMENT_DEFAULT_MISMATCH,
            p,
        )
        description = next((s.args[n][2] for s in having if s.args[n][2]), None)
        directives: list[str] = []
        for s in having:
            for d in s.args[n][3]:
                if d not in directives:
                    directives.append(d)
        if t is not None:
            out[n] = SArg(n, t, default, description, directives)
    return out
