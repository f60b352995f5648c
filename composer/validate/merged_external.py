"""``@external`` definitions compared with the resolving ones: some subgraph must resolve the
field, external types must be subtypes of the merged type, and external arguments must match
(presence, type, default). Merged directives (``@tag``, ``@inaccessible``) may not sit on an
external field."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from graphql import print_ast

from composer.errors import CompositionError, ErrorCode
from composer.merge.model import SField, Supergraph
from composer.merge.typeref import is_subtype
from composer.subgraph.model import Subgraph, TypeDef
from composer.validate.common import error, merged_error
from composer.validate.fieldsets import is_external
from composer.validate.sources import FieldSource, field_sources, subgraph_list, type_sources

_MERGED_DIRECTIVES = ("tag", "inaccessible", "cost", "listSize")


def _external(s: FieldSource) -> bool:
    return is_external(s.type, s.field)


def check_external_fields(sup: Supergraph, subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    out: list[CompositionError] = []
    sources_by_type = type_sources(subgraphs)
    for (tname, fname), sources in field_sources(subgraphs).items():
        coord = f"{tname}.{fname}"
        externals = [s for s in sources if _external(s)]
        if not externals:
            continue
        bases = [s for s in sources if not _external(s)]
        if not bases and not _from_interface_object(sup, sources_by_type, tname, fname):
            out.append(
                merged_error(
                    externals[0].sg,
                    ErrorCode.EXTERNAL_MISSING_ON_BASE,
                    f'Field "{coord}" is marked @external on all the subgraphs in which it is '
                    f"listed ({subgraph_list([s.sg.name for s in externals])}).",
                    externals[0].field.node,
                )
            )
            continue
        if not bases:
            continue
        st = sup.types.get(tname)
        sf = st.fields.get(fname) if st is not None else None
        merged_type = sf.type if sf is not None else bases[0].field.type
        all_equal = len({b.field.type for b in bases}) == 1
        out += _type_mismatch(coord, merged_type, all_equal, sup, sources, externals)
        out += _argument_mismatches(coord, bases, externals, sf)
    return out


def _from_interface_object(
    sup: Supergraph,
    sources: dict[str, list[tuple[Subgraph, TypeDef]]],
    tname: str,
    fname: str,
) -> bool:
    """Whether an ``@interfaceObject`` for an interface of the type resolves the field."""
    st = sup.types.get(tname)
    for itf in st.interfaces if st is not None else ():
        for _, t in sources.get(itf, []):
            f = t.fields.get(fname)
            if t.interface_object and f is not None and not is_external(t, f):
                return True
    return False


def _implements(sup: Supergraph) -> Callable[[str, str], bool]:
    def implements(sub: str, itf: str) -> bool:
        t, i = sup.types.get(sub), sup.types.get(itf)
        return (t is not None and itf in t.interfaces) or (i is not None and sub in i.members)

    return implements


def _type_mismatch(
    coord: str,
    merged: str,
    all_equal: bool,
    sup: Supergraph,
    sources: list[FieldSource],
    externals: list[FieldSource],
) -> list[CompositionError]:
    # As in Apollo: an external type must equal the merged one, unless the resolving
    # definitions already differ among themselves; then a strict subtype is accepted too.
    implements = _implements(sup)
    bad = [
        s
        for s in externals
        if s.field.type != merged
        and (all_equal or not is_subtype(s.field.type, merged, implements))
    ]
    if not bad:
        return []
    same = [s.sg.name for s in sources if s.field.type == merged]
    others = " and ".join(
        f'type "{t}" in {subgraph_list([s.sg.name for s in bad if s.field.type == t])}'
        for t in dict.fromkeys(s.field.type for s in bad)
    )
    return [
        merged_error(
            bad[0].sg,
            ErrorCode.EXTERNAL_TYPE_MISMATCH,
            f'Type of field "{coord}" is incompatible across subgraphs (where marked @external): '
            f'it has type "{merged}" in {subgraph_list(same)} but {others}',
            bad[0].field.node,
        )
    ]


def _argument_mismatches(
    coord: str, bases: list[FieldSource], externals: list[FieldSource], merged: SField | None
) -> list[CompositionError]:
    """External definitions against the merged arguments (as in Apollo: an argument the
    merge dropped is not required, and types and defaults are the merged ones)."""
    out: list[CompositionError] = []
    if merged is not None:
        arg_names = list(merged.args)
    else:
        arg_names = list(dict.fromkeys(a for b in bases for a in b.field.args))
    for arg in arg_names:
        having = [b for b in bases if arg in b.field.args]
        if not having:
            continue
        ref = merged.args[arg] if merged is not None else having[0].field.args[arg]
        acoord = f"{coord}({arg}:)"
        missing = [e for e in externals if arg not in e.field.args]
        if missing:
            out.append(
                merged_error(
                    missing[0].sg,
                    ErrorCode.EXTERNAL_ARGUMENT_MISSING,
                    f'Field "{coord}" is missing argument "{acoord}" in some subgraphs where it '
                    f'is marked @external: argument "{acoord}" is declared in '
                    f"{subgraph_list([b.sg.name for b in having])} but not in "
                    f'{subgraph_list([e.sg.name for e in missing])} (where "{coord}" is '
                    "@external).",
                    missing[0].field.node,
                )
            )
        present = [e for e in externals if arg in e.field.args]
        wrong_type = [e for e in present if not is_subtype(ref.type, e.field.args[arg].type)]
        if wrong_type:
            e = wrong_type[0]
            out.append(
                merged_error(
                    e.sg,
                    ErrorCode.EXTERNAL_ARGUMENT_TYPE_MISMATCH,
                    f'Type of argument "{acoord}" is incompatible across subgraphs (where '
                    f'"{coord}" is marked @external): it has '
                    + _mismatch(
                        f'type "{ref.type}"',
                        [(s.sg.name, f'type "{s.field.args[arg].type}"') for s in having + present],
                    ),
                    e.field.node,
                )
            )
            continue
        ref_default = _printed(ref.default)
        wrong_default = [e for e in present if _printed(e.field.args[arg].default) != ref_default]
        if wrong_default:
            e = wrong_default[0]
            out.append(
                merged_error(
                    e.sg,
                    ErrorCode.EXTERNAL_ARGUMENT_DEFAULT_MISMATCH,
                    f'Argument "{acoord}" has incompatible defaults across subgraphs (where '
                    f'"{coord}" is marked @external): it has '
                    + _mismatch(
                        _default_text(ref_default),
                        [
                            (s.sg.name, _default_text(_printed(s.field.args[arg].default)))
                            for s in having + present
                        ],
                    ),
                    e.field.node,
                )
            )
    return out


def _printed(node: object) -> str | None:
    from graphql.language import ast

    return print_ast(node) if isinstance(node, ast.Node) else None


def _mismatch(merged: str, values: list[tuple[str, str]]) -> str:
    """Apollo's mismatch wording: the merged value and where it is, then the others."""
    groups: dict[str, list[str]] = {merged: []}
    for name, value in sorted(values):
        groups.setdefault(value, []).append(name)
    if not groups[merged]:
        del groups[merged]
    parts = [f"{value} in {subgraph_list(names)}" for value, names in groups.items()]
    return parts[0] + (" but " + " and ".join(parts[1:]) if len(parts) > 1 else "")


def _default_text(value: str | None) -> str:
    return "no default value" if value is None else f"default value {value}"


def check_merged_directives_on_external(subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    out: list[CompositionError] = []
    for sg in subgraphs:
        for t in sg.types.values():
            for f in t.fields.values():
                if not is_external(t, f):
                    continue
                for d in f.directives:
                    if d.name in _MERGED_DIRECTIVES:
                        out.append(
                            error(
                                sg,
                                ErrorCode.MERGED_DIRECTIVE_APPLICATION_ON_EXTERNAL,
                                f"Cannot apply merged directive {print_ast(d.node)} to external "
                                f'field "{t.name}.{f.name}"',
                                d.node,
                            )
                        )
    return out
