"""Merging unions, enums, input objects and scalars."""

from __future__ import annotations

from typing import TYPE_CHECKING

from composer.errors import ErrorCode, HintCode
from composer.merge.fields import merge_default, merge_input_type, subgraphs_text
from composer.merge.model import JoinField, JoinType, SEnumValue, SField, SType
from composer.merge.typeref import is_non_null, named
from composer.subgraph.model import Applied, Kind, Subgraph, TypeDef

if TYPE_CHECKING:
    from composer.merge.merger import Merger

Sources = list[tuple[Subgraph, TypeDef]]


def _merge_kept(sources: list[list[Applied]]) -> list[str]:
    from composer.merge.merger import merge_kept

    return merge_kept(sources)


def _base(m: Merger, kind: Kind, name: str, sources: Sources) -> SType:
    st = SType(
        kind, name, description=next((td.description for _, td in sources if td.description), None)
    )
    st.join_types = [JoinType(m.graph(sg)) for sg, _ in sources]
    st.directives = _merge_kept([td.directives for _, td in sources])
    return st


def merge_union(m: Merger, name: str, sources: Sources) -> SType:
    st = _base(m, Kind.UNION, name, sources)
    for sg, td in sources:
        for member in td.members:
            cm = m.canon(sg, member)
            if cm not in st.members:
                st.members.append(cm)
            st.union_members.append((m.graph(sg), cm))
    if any(set(td.members) != set(st.members) for _, td in sources):
        m.p.hint(
            HintCode.INCONSISTENT_UNION_MEMBER, f'Union type "{name}" differs between subgraphs'
        )
    return st


def merge_scalar(m: Merger, name: str, sources: Sources) -> SType:
    return _base(m, Kind.SCALAR, name, sources)


def enum_usage(m: Merger, name: str) -> tuple[bool, bool]:
    """(used as output, used as input) across all subgraphs."""
    out_use = in_use = False
    for sg in m.subgraphs:
        for td in sg.types.values():
            for f in td.fields.values():
                if named(f.type) == name:
                    out_use = True
                if any(named(a.type) == name for a in f.args.values()):
                    in_use = True
            if any(named(f.type) == name for f in td.input_fields.values()):
                in_use = True
    return out_use, in_use


def _enum_examples(m: Merger, name: str) -> tuple[str, str]:
    """The first input and output positions of enum ``name``, in merge order (by type name,
    then subgraph, then field), as Apollo's message cites them."""
    by_type: dict[str, list[TypeDef]] = {}
    for sg in m.subgraphs:
        for td in sg.types.values():
            by_type.setdefault(m.canon(sg, td.name), []).append(td)
    inputs: list[str] = []
    outputs: list[str] = []
    for tname in sorted(by_type):
        for td in by_type[tname]:
            for f in td.fields.values():
                if named(f.type) == name:
                    outputs.append(f"{tname}.{f.name}")
                inputs += [
                    f"{tname}.{f.name}({a.name}:)" for a in f.args.values() if named(a.type) == name
                ]
            inputs += [
                f"{tname}.{f.name}" for f in td.input_fields.values() if named(f.type) == name
            ]
    return (inputs or [""])[0], (outputs or [""])[0]


def merge_enum(m: Merger, name: str, sources: Sources) -> SType:
    st = _base(m, Kind.ENUM, name, sources)
    out_use, in_use = enum_usage(m, name)
    all_values: list[str] = []
    for _, td in sources:
        for v in td.values:
            if v not in all_values:
                all_values.append(v)
    if in_use and out_use:
        # Inaccessible values are not part of the API, so they may differ.
        accessible = [v for v in all_values if not _inaccessible_anywhere(sources, v)]
        input_example, output_example = _enum_examples(m, name)
        for v in accessible:
            having = [sg.name for sg, td in sources if v in td.values]
            if len(having) == len(sources):
                continue
            lacking = [sg.name for sg, td in sources if v not in td.values]
            m.p.error(
                ErrorCode.ENUM_VALUE_MISMATCH,
                f'Enum type "{name}" is used as both input type (for example, as type of '
                f'"{input_example}") and output type (for example, as type of '
                f'"{output_example}"), but value "{v}" is not defined in all the subgraphs '
                f'defining "{name}": "{v}" is defined in {subgraphs_text(having)} but not in '
                f"{subgraphs_text(lacking)}",
            )
        keep = all_values
    elif in_use:
        keep = [v for v in all_values if all(v in td.values for _, td in sources)]
        if len(keep) != len(all_values):
            m.p.hint(HintCode.INCONSISTENT_ENUM_VALUE_FOR_INPUT_ENUM, f'Enum "{name}" differs')
        if not keep:
            m.p.error(
                ErrorCode.EMPTY_MERGED_ENUM_TYPE,
                f'None of the values of enum type "{name}" are defined consistently in all the '
                "subgraphs defining that type. As only values common to all subgraphs are merged, "
                "this would result in an empty type.",
            )
    else:
        keep = all_values
        if not out_use:
            m.p.hint(HintCode.UNUSED_ENUM_TYPE, f'Enum type "{name}" is defined but unused')
    for v in keep:
        ev = SEnumValue(v, None)
        for sg, td in sources:
            if v in td.values:
                ev.graphs.append(m.graph(sg))
                ev.description = ev.description or td.values[v].description
        ev.directives = _merge_kept(
            [td.values[v].directives for _, td in sources if v in td.values]
        )
        st.values[v] = ev
    return st


def merge_input(m: Merger, name: str, sources: Sources) -> SType | None:
    st = _base(m, Kind.INPUT, name, sources)
    names: list[str] = []
    for _, td in sources:
        for f in td.input_fields:
            if f not in names:
                names.append(f)
    failed = False
    for fname in names:
        having = [(sg, td.input_fields[fname]) for sg, td in sources if fname in td.input_fields]
        if len(having) != len(sources):
            required = [sg.name for sg, f in having if is_non_null(f.type) and f.default is None]
            if required:
                m.p.error(
                    ErrorCode.REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH,
                    f'Input object field "{name}.{fname}" is required in some subgraphs but does '
                    f"not appear in all subgraphs: it is required in {subgraphs_text(required)} but "
                    "does not appear in "
                    + subgraphs_text(
                        [sg.name for sg, td in sources if fname not in td.input_fields]
                    ),
                )
            else:
                m.p.hint(
                    HintCode.INCONSISTENT_INPUT_OBJECT_FIELD,
                    f'Input object field "{name}.{fname}" will not be included in the supergraph '
                    "as it does not appear in all subgraphs",
                )
            continue
        coord = f"{name}.{fname}"
        t = merge_input_type(
            coord,
            [(sg.name, m.canon_ref(sg, f.type)) for sg, f in having],
            ErrorCode.FIELD_TYPE_MISMATCH,
            m.p,
        )
        default = merge_default(
            coord,
            [(sg.name, f.default) for sg, f in having],
            ErrorCode.INPUT_FIELD_DEFAULT_MISMATCH,
            m.p,
        )
        if t is None:
            failed = True
            continue
        sf = SField(fname, t, next((f.description for _, f in having if f.description), None))
        sf.default = default
        types = [m.canon_ref(sg, f.type) for sg, f in having]
        if len(set(types)) > 1:
            sf.join = [
                JoinField(m.graph(sg), type=ty) for (sg, _), ty in zip(having, types, strict=True)
            ]
        sf.directives = _merge_kept([iv.directives for _, iv in having])
        st.fields[fname] = sf
    if not st.fields and not failed:
        m.p.error(
            ErrorCode.EMPTY_MERGED_INPUT_TYPE,
            f'None of the fields of input object type "{name}" are consistently defined in all '
            "the subgraphs defining that type. As only fields common to all subgraphs are merged, "
            "this would result in an empty type.",
        )
        return None
    return st


def _inaccessible_anywhere(sources: Sources, value: str) -> bool:
    return any(value in td.values and td.values[value].has("inaccessible") for _, td in sources)
