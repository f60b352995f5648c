"""Which specs besides link/join the supergraph links (inaccessible, tag, ...), and the join
version, chosen from the subgraphs' federation versions."""

from __future__ import annotations

from collections.abc import Sequence

from composer.merge.model import Supergraph
from composer.subgraph.model import Subgraph


def attach_features(sup: Supergraph, subgraphs: Sequence[Subgraph]) -> None:
    top = max((s.fed_version or (2, 0) for s in subgraphs), default=(2, 0))
    if top >= (2, 8):
        sup.join_version = (0, 5)
    elif top >= (2, 7):
        sup.join_version = (0, 4)
    else:
        sup.join_version = (0, 3)
    text = "\n".join(d for t in sup.types.values() for d in _all_directives(t))
    if "@inaccessible" in text:
        sup.features["inaccessible"] = '"https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY'
        sup.directive_defs.setdefault("inaccessible", _def("inaccessible"))
    if "@tag(" in text:
        sup.features["tag"] = '"https://specs.apollo.dev/tag/v0.3"'
        sup.directive_defs.setdefault("tag", _def("tag"))


def _all_directives(t: object) -> list[str]:
    out = list(getattr(t, "directives", []))
    for f in getattr(t, "fields", {}).values():
        out.extend(f.directives)
        for a in f.args.values():
            out.extend(a.directives)
    for v in getattr(t, "values", {}).values():
        out.extend(v.directives)
    return out


def _def(name: str):  # type: ignore[no-untyped-def]
    from composer.merge.model import SArg, SDirectiveDef

    if name == "inaccessible":
        return SDirectiveDef(
            "inaccessible",
            {},
            [
                "FIELD_DEFINITION",
                "OBJECT",
                "INTERFACE",
                "UNION",
                "ARGUMENT_DEFINITION",
                "SCALAR",
                "ENUM",
                "ENUM_VALUE",
                "INPUT_OBJECT",
                "INPUT_FIELD_DEFINITION",
            ],
            False,
        )
    return SDirectiveDef(
        "tag",
        {"name": SArg("name", "String!", None, None)},
        [
            "FIELD_DEFINITION",
            "OBJECT",
            "INTERFACE",
            "UNION",
            "ARGUMENT_DEFINITION",
            "SCALAR",
            "ENUM",
            "ENUM_VALUE",
            "INPUT_OBJECT",
            "INPUT_FIELD_DEFINITION",
            "SCHEMA",
        ],
        True,
    )
