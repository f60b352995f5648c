"""Emit stage: the supergraph model printed as a standard supergraph SDL (link + join specs).
Deterministic: definitions in alphabetical order, join applications in subgraph order."""

from __future__ import annotations

import json

from graphql import print_ast

from composer.merge.model import JoinField, JoinType, SArg, SField, SType, Supergraph
from composer.subgraph.model import Kind

_LINK_DEFS = """directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA"""

_PURPOSE = '''enum link__Purpose {
  """
  `SECURITY` features provide metadata necessary to securely resolve fields.
  """
  SECURITY

  """
  `EXECUTION` features provide metadata necessary for operation execution.
  """
  EXECUTION
}'''


def _join_defs(version: tuple[int, int]) -> list[tuple[str, str]]:
    """(sort key, definition) of the join spec's elements for a join version."""
    v = version[1]
    field_args = (
        "graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, type: String, "
        "external: Boolean, override: String, usedOverridden: Boolean"
    )
    if v >= 4:
        field_args += ", overrideLabel: String"
    if v >= 5:
        field_args += ", contextArguments: [join__ContextArgument!]"
    defs = [
        (
            "join__enumValue",
            "directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE",
        ),
        (
            "join__field",
            f"directive @join__field({field_args}) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION",
        ),
        ("join__graph", "directive @join__graph(name: String!, url: String!) on ENUM_VALUE"),
        (
            "join__implements",
            "directive @join__implements(graph: join__Graph!, interface: String!) repeatable on OBJECT | INTERFACE",
        ),
        (
            "join__type",
            "directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR",
        ),
        (
            "join__unionMember",
            "directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION",
        ),
    ]
    if v >= 4:
        defs.append(
            (
                "join__directive",
                "directive @join__directive(graphs: [join__Graph!], name: String!, args: join__DirectiveArguments) repeatable on SCHEMA | OBJECT | INTERFACE | FIELD_DEFINITION",
            )
        )
    return defs


def _join_types(version: tuple[int, int]) -> list[tuple[str, str]]:
    v = version[1]
    out = [("join__FieldSet", "scalar join__FieldSet")]
    if v >= 4:
        out.append(("join__DirectiveArguments", "scalar join__DirectiveArguments"))
    if v >= 5:
        out.append(("join__FieldValue", "scalar join__FieldValue"))
        out.append(
            (
                "join__ContextArgument",
                "input join__ContextArgument {\n  name: String!\n  type: String!\n  context: String!\n"
                "  selection: join__FieldValue!\n}",
            )
        )
    return out


def _s(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _desc(d: str | None, indent: str = "") -> str:
    if not d:
        return ""
    if "\n" in d or '"' in d:
        body = d.replace('"""', '\\"""')
        return f'{indent}"""\n{indent}{body}\n{indent}"""\n'
    return f"{indent}{_s(d)}\n"


def _join_type(j: JoinType) -> str:
    parts = [f"graph: {j.graph}"]
    if j.key is not None:
        parts.append(f"key: {_s(j.key)}")
    if j.extension:
        parts.append("extension: true")
    if not j.resolvable:
        parts.append("resolvable: false")
    if j.is_interface_object:
        parts.append("isInterfaceObject: true")
    return f"@join__type({', '.join(parts)})"


def _join_field(j: JoinField) -> str:
    parts = []
    if j.graph is not None:
        parts.append(f"graph: {j.graph}")
    if j.requires is not None:
        parts.append(f"requires: {_s(j.requires)}")
    if j.provides is not None:
        parts.append(f"provides: {_s(j.provides)}")
    if j.type is not None:
        parts.append(f"type: {_s(j.type)}")
    if j.external:
        parts.append("external: true")
    if j.override is not None:
        parts.append(f"override: {_s(j.override)}")
    if j.used_overridden:
        parts.append("usedOverridden: true")
    if j.override_label is not None:
        parts.append(f"overrideLabel: {_s(j.override_label)}")
    if j.context_arguments is not None:
        parts.append(f"contextArguments: {j.context_arguments}")
    return "@join__field" + (f"({', '.join(parts)})" if parts else "")


def _args(args: dict[str, SArg]) -> str:
    if not args:
        return ""
    items = []
    for a in args.values():
        t = f"{a.name}: {a.type}"
        if a.default is not None:
            t += f" = {print_ast(a.default)}"
        for d in a.directives:
            t += f" {d}"
        items.append(t)
    return "(" + ", ".join(items) + ")"


def _field(f: SField, input_field: bool = False) -> str:
    line = f"  {f.name}{_args(f.args)}: {f.type}"
    if input_field and f.default is not None:
        line += f" = {print_ast(f.default)}"
    for j in f.join:
        line += " " + _join_field(j)
    for d in f.directives:
        line += " " + d
    return _desc(f.description, "  ") + line


_KEYWORD = {
    Kind.OBJECT: "type",
    Kind.INTERFACE: "interface",
    Kind.UNION: "union",
    Kind.ENUM: "enum",
    Kind.INPUT: "input",
    Kind.SCALAR: "scalar",
}


def _type(t: SType) -> str:
    head = f"{_KEYWORD[t.kind]} {t.name}"
    if t.interfaces:
        head += " implements " + " & ".join(t.interfaces)
    apps = [f"@join__implements(graph: {g}, interface: {_s(i)})" for g, i in t.implements]
    apps += [_join_type(j) for j in t.join_types]
    apps += [f"@join__unionMember(graph: {g}, member: {_s(m)})" for g, m in t.union_members]
    apps += t.directives
    out = _desc(t.description) + head
    if apps:
        out += "\n" + "\n".join("  " + a for a in apps)
    if t.kind == Kind.SCALAR:
        return out
    if t.kind == Kind.UNION:
        return out + "\n = " + " | ".join(t.members)
    out += "\n{\n" if apps else " {\n"
    if t.kind == Kind.ENUM:
        lines = []
        for v in t.values.values():
            line = f"  {v.name}"
            line += "".join(f" @join__enumValue(graph: {g})" for g in v.graphs)
            line += "".join(" " + d for d in v.directives)
            lines.append(_desc(v.description, "  ") + line)
        return out + "\n".join(lines) + "\n}"
    fields = [_field(f, t.kind == Kind.INPUT) for f in t.fields.values()]
    return out + "\n".join(fields) + "\n}"


def emit_supergraph(sup: Supergraph) -> str:
    """Print the supergraph SDL."""
    links = ['@link(url: "https://specs.apollo.dev/link/v1.0")']
    links.append(
        f'@link(url: "https://specs.apollo.dev/join/v{sup.join_version[0]}.{sup.join_version[1]}", for: EXECUTION)'
    )
    for _name, url_and_purpose in sorted(sup.features.items()):
        links.append(f"@link(url: {url_and_purpose})")
    links += sup.schema_directives
    ops = "\n".join(f"  {op}: {name}" for op, name in sup.roots.items())
    schema = "schema\n" + "\n".join("  " + lk for lk in links) + "\n{\n" + ops + "\n}"
    defs: list[tuple[str, str]] = [("link", _LINK_DEFS)]
    defs += _join_defs(sup.join_version)
    for d in sup.directive_defs.values():
        text = f"directive @{d.name}{_args(d.args)}"
        if d.repeatable:
            text += " repeatable"
        text += " on " + " | ".join(d.locations)
        defs.append((d.name, _desc(d.description) + text))
    directive_texts = [t for _, t in sorted(defs)]
    types: list[tuple[str, str]] = [
        ("link__Import", "scalar link__Import"),
        ("link__Purpose", _PURPOSE),
    ]
    types += _join_types(sup.join_version)
    graphs = "\n".join(
        f"  {g.enum} @join__graph(name: {_s(g.name)}, url: {_s(g.url)})" for g in sup.graphs
    )
    types.append(("join__Graph", "enum join__Graph {\n" + graphs + "\n}"))
    types += sup.extra_definitions
    types += [(t.name, _type(t)) for t in sup.types.values()]
    type_texts = [t for _, t in sorted(types, key=lambda x: x[0])]
    return "\n\n".join([schema, *directive_texts, *type_texts]) + "\n"
