"""Field sets of ``@key``/``@requires``/``@provides`` checked against one subgraph's types.

Two phases, as in Apollo: first the field set must parse and make sense on its type (the first
problem stops the check: ``*_INVALID_FIELDS``, ``*_INVALID_FIELDS_TYPE``,
``KEY_FIELDS_SELECT_INVALID_TYPE``); then every selection is checked and all problems reported
(directives, fields with arguments, leaves that are not ``@external``).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from graphql import GraphQLSyntaxError, parse, print_ast
from graphql.language import ast

from composer.subgraph.fieldset import parse_fieldset
from composer.subgraph.model import Applied, Field, Kind, Subgraph, TypeDef

_COMPOSITE = (Kind.OBJECT, Kind.INTERFACE, Kind.UNION)
_BUILTIN_DIRECTIVES = ("skip", "include", "deprecated", "specifiedBy", "defer", "stream")


def base_name(type_text: str) -> str:
    return type_text.replace("[", "").replace("]", "").replace("!", "")


def is_external(t: TypeDef, f: Field) -> bool:
    """Federation 2 meaning: marked on the field or its type, unless a fake external key field."""
    return (f.external or t.has("external")) and not f.fake_external


@dataclass(slots=True)
class Problem:
    """A field-set problem: the code suffix (``INVALID_FIELDS``, ``FIELDS_HAS_ARGS``, ...)."""

    kind: str
    message: str
    node: ast.Node | None = None


@dataclass(slots=True)
class Selected:
    """A field a field set selects, with where it was selected."""

    parent: TypeDef
    field: Field
    node: ast.FieldNode
    external_in_parents: bool


@dataclass(slots=True)
class FieldSetCheck:
    problems: list[Problem] = field(default_factory=list)
    selected: list[Selected] = field(default_factory=list)


class _Stop(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def parse_selection(text: str) -> ast.SelectionSetNode:
    """Parse ``{ text }``; raises GraphQLSyntaxError.

    Each distinct text is parsed once (field sets repeat: most keys are ``id``): the node is
    shared with every other reader of that text, so it is read, never changed.
    """
    sel = parse_fieldset(text)
    if sel is None:
        parse("{" + text + "}", no_location=True)  # raises the syntax error
        raise AssertionError(f"field set {text!r} parsed on the second attempt")
    return sel


def printed_directive(a: Applied) -> str:
    return print_ast(a.node)


def check_fieldset(
    sg: Subgraph,
    parent: TypeDef,
    directive: Applied,
    *,
    key_rules: bool = False,
    allow_args: bool = False,
    leaves_external: bool = False,
) -> FieldSetCheck:
    """Check the ``fields:`` argument of ``directive`` (applied on or for ``parent``).

    Args:
        key_rules: reject interface/union fields (``@key``).
        allow_args: fields with arguments are fine (``@requires``).
        leaves_external: leaf fields must be ``@external`` unless under an external field.
    """
    out = FieldSetCheck()
    value = directive.args.get("fields")
    if not isinstance(value, ast.StringValueNode):
        out.problems.append(
            Problem("INVALID_FIELDS_TYPE", 'Invalid value for argument "fields": must be a string.')
        )
        return out
    try:
        sel = parse_selection(value.value)
    except GraphQLSyntaxError as exc:
        out.problems.append(Problem("INVALID_FIELDS", exc.message))
        return out
    walker = _Walker(sg, directive.node.name.value, key_rules, out)
    try:
        walker.walk(parent, sel, False)
    except _Stop as stop:
        out.problems.append(stop.problem)
        out.selected.clear()
        return out
    _second_pass(out, directive.node.name.value, allow_args, leaves_external)
    return out


def selected_fields(sg: Subgraph, parent: TypeDef, fields: str) -> list[Selected]:
    """Every field a field set names, as far as it makes sense (no validation)."""
    out = FieldSetCheck()
    try:
        sel = parse_selection(fields)
    except GraphQLSyntaxError:
        return []
    walker = _Walker(sg, "", False, out, lenient=True)
    with contextlib.suppress(_Stop):
        walker.walk(parent, sel, False)
    return out.selected


class _Walker:
    def __init__(
        self, sg: Subgraph, name: str, key_rules: bool, out: FieldSetCheck, lenient: bool = False
    ) -> None:
        self.sg = sg
        self.name = name
        self.key_rules = key_rules
        self.out = out
        self.lenient = lenient

    def stop(self, message: str, kind: str = "INVALID_FIELDS") -> _Stop:
        return _Stop(Problem(kind, message))

    def check_directives(self, nodes: tuple[ast.DirectiveNode, ...] | None) -> None:
        if self.lenient:
            return
        for d in nodes or ():
            n = d.name.value
            known = (self.sg.directive_defs, _BUILTIN_DIRECTIVES, self.sg.fed_names)
            if not any(n in k for k in known):
                raise self.stop(f'Unknown directive "@{n}"')

    def check_arguments(self, parent: TypeDef, f: Field, s: ast.FieldNode) -> None:
        """GraphQL's argument rules: known arguments, required ones provided."""
        given = {a.name.value for a in s.arguments or ()}
        for name in given:
            if name not in f.args:
                raise self.stop(
                    f'Unknown argument "{name}" found in value: "{parent.name}.{f.name}" has no '
                    f'argument named "{name}"'
                )
        for a in f.args.values():
            if a.name not in given and a.type.endswith("!") and a.default is None:
                raise self.stop(
                    f'Missing mandatory value for argument "{a.name}" of field '
                    f'"{parent.name}.{f.name}" in selection "{print_ast(s)}"'
                )

    def walk(self, parent: TypeDef, sel: ast.SelectionSetNode, ext_parents: bool) -> None:
        for s in sel.selections:
            self.check_directives(s.directives)
            if isinstance(s, ast.FieldNode):
                self.field(parent, s, ext_parents)
            elif isinstance(s, ast.InlineFragmentNode):
                target = parent
                if s.type_condition is not None:
                    cond = self.sg.types.get(s.type_condition.name.value)
                    if cond is None:
                        raise self.stop(f'Unknown type "{s.type_condition.name.value}"')
                    target = cond
                self.walk(target, s.selection_set, ext_parents)
            else:
                raise self.stop("Fragment spreads are not supported in field sets")

    def field(self, parent: TypeDef, s: ast.FieldNode, ext_parents: bool) -> None:
        name = s.name.value
        if name == "__typename":
            return
        f = parent.fields.get(name) if parent.kind in (Kind.OBJECT, Kind.INTERFACE) else None
        if f is None:
            raise self.stop(f'Cannot query field "{name}" on type "{parent.name}".')
        base = self.sg.types.get(base_name(f.type))
        if self.key_rules and base is not None and base.kind in (Kind.UNION, Kind.INTERFACE):
            kind = "Union" if base.kind == Kind.UNION else "Interface"
            raise self.stop(
                f'field "{parent.name}.{name}" is a {kind} type which is not allowed in @key',
                "KEY_FIELDS_SELECT_INVALID_TYPE",
            )
        if s.alias is not None and not self.lenient:
            raise self.stop(
                f'Cannot use alias "{s.alias.value}" in "{s.alias.value}: {name}": '
                f"aliases are not currently supported in @{self.name}"
            )
        if not self.lenient:
            self.check_arguments(parent, f, s)
        self.out.selected.append(Selected(parent, f, s, ext_parents))
        composite = base is not None and base.kind in _COMPOSITE
        if s.selection_set is None:
            if composite and not self.lenient:
                raise self.stop(
                    f'Invalid empty selection set for field "{parent.name}.{name}" '
                    f"of non-leaf type {f.type}"
                )
            return
        if not composite or base is None:
            if self.lenient:
                return
            raise self.stop(
                f'Field "{name}" must not have a selection since type "{f.type}" has no subfields.'
            )
        below = ext_parents or is_external(parent, f)
        if not below and parent.kind == Kind.INTERFACE:
            below = any(
                (impl_f := impl.fields.get(name)) is not None and is_external(impl, impl_f)
                for impl in implementations(self.sg, parent.name)
            )
        self.walk(base, s.selection_set, below)


def implementations(sg: Subgraph, interface: str) -> list[TypeDef]:
    return [t for t in sg.types.values() if t.kind == Kind.OBJECT and interface in t.interfaces]


def _second_pass(out: FieldSetCheck, name: str, allow_args: bool, leaves_external: bool) -> None:
    for sel in out.selected:
        if sel.node.directives:
            found = ", ".join(print_ast(d) for d in sel.node.directives)
            out.problems.append(
                Problem(
                    "DIRECTIVE_IN_FIELDS_ARG",
                    f"cannot have directive applications in the @{name}(fields:) argument "
                    f"but found {found}.",
                )
            )
        f, coord = sel.field, f"{sel.parent.name}.{sel.field.name}"
        if not allow_args and f.args:
            out.problems.append(
                Problem(
                    "FIELDS_HAS_ARGS",
                    f"field {coord} cannot be included because it has arguments "
                    f"(fields with argument are not allowed in @{name})",
                    f.node,
                )
            )
        leaf = sel.node.selection_set is None
        if leaves_external and leaf and not sel.external_in_parents:
            if is_external(sel.parent, f):
                continue
            if f.fake_external:
                msg = (
                    f'field "{coord}" should not be part of a @{name} since it is already '
                    '"effectively" provided by this subgraph (while it is marked @external, it is '
                    "a @key field of an extension type, which are not internally considered "
                    "external for historical/backward compatibility reasons)"
                )
            else:
                msg = (
                    f'field "{coord}" should not be part of a @{name} since it is already '
                    "provided by this subgraph (it is not marked @external)"
                )
            out.problems.append(Problem("FIELDS_MISSING_EXTERNAL", msg, f.node))
