"""``@fromContext`` arguments: the value comes from the nearest ancestor that sets the context.

As Apollo's planner does, the ancestor's fetch selects the context's field set, and the field
taking the argument is resolved by an ``_entities`` fetch of its own subgraph that depends on
that fetch; the fetch declares one variable per argument (``$contextualArgument_N_I``) and
records where each entity finds the value (``..`` steps up, then ``... on T`` and the field).
The executor sends the entities once per distinct set of values.
"""

from __future__ import annotations

from dataclasses import replace

from graphql import parse
from graphql.language import ast

from composer.supergraph.reader import ContextArgument, JoinField
from router.normalize import NField
from router.plan import KeyRenamer
from router.planner.groups import Group, Hop, Path, PlanningError, fieldset_sels
from router.planner.jumps import JumpPlanner
from router.planner.rules import Provided
from router.planner.selection import FieldItem, FragmentItem, SelSet

__all__ = ["ContextPlanner"]


class ContextPlanner(JumpPlanner):
    """Fields with ``@fromContext`` arguments."""

    def _with_context(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        f: NField,
        path: Path,
        provided: Provided | None,
        j: JoinField,
    ) -> None:
        number = self.rules.context_number(type_name, f.name)
        deps: set[int] = set()
        rewrites: list[KeyRenamer] = []
        variables: dict[str, str] = {}
        arguments: list[str] = []
        for i, arg in enumerate(j.context_arguments):
            var = f"contextualArgument_{number}_{i}"
            steps, groups = self._select_context(type_name, f, arg)
            rewrites.append(KeyRenamer(steps, var))
            variables[var] = arg.type
            arguments.append(f"{arg.name}: ${var}")
            deps |= groups
        if g.id not in deps and self._top_level(g, type_name, path, target):
            # An entity fetch of its own already: it waits for the context's fetches too.
            child, child_target = g, target
            g.parents |= deps
        else:
            hop = self._own_key(g, type_name, provided)
            if hop is None:
                raise PlanningError(
                    f"{type_name}.{f.name} takes @fromContext arguments, but no key of "
                    f"{type_name} in {g.service!r} is available to fetch it with their values"
                )
            deps.add(g.id)
            child = self._enter(
                g, target, type_name, hop, path, provided, frozenset(deps), "context"
            )
            child_target = child.root.fragment(type_name)
            provided = None
        child.context_rewrites.extend(r for r in rewrites if r not in child.context_rewrites)
        child.context_variables.update(variables)
        printed = ", ".join(arguments)
        args = f"{f.arguments[:-1]}, {printed})" if f.arguments else f"({printed})"
        plain = replace(j, context_arguments=())
        self.add_local(
            child, child_target, type_name, replace(f, arguments=args), path, provided, plain
        )

    def _top_level(self, g: Group, type_name: str, path: Path, target: SelSet) -> bool:
        """Is ``target`` the object an entity fetch ``g`` resolves?"""
        return (
            g.entity
            and g.path == path
            and f"... on {type_name}" in g.root.items
            and g.root.fragment(type_name) is target
        )

    def _host(
        self, gid: int, parent_type: str, path: Path, sel: ast.SelectionSetNode
    ) -> tuple[Group, SelSet] | None:
        """A fetch that already selects the object at ``path`` (the ancestor's, or one it
        depends on) and can select ``sel`` on it locally."""
        by_id = {x.id: x for x in self.groups}
        queue = [gid]
        seen: set[int] = set()
        while queue:
            group = by_id.get(queue.pop(0))
            if group is None or group.id in seen:
                continue
            seen.add(group.id)
            at = _selection_at(group, parent_type, path)
            if at is not None and any(isinstance(i, FragmentItem) for i in at.items.values()):
                # A selection on an abstract type: only its fragment on the ancestor's type.
                item = at.items.get(f"... on {parent_type}")
                at = item.sub if isinstance(item, FragmentItem) else None
            if at is not None and self.rules.can_provide(group.service, parent_type, sel, None):
                return group, at
            queue.extend(sorted(group.parents))
        return None

    def _own_key(self, g: Group, type_name: str, provided: Provided | None) -> Hop | None:
        for jt in self.sg.types[type_name].keys(g.service):
            assert jt.key is not None
            if jt.resolvable and self.rules.can_provide(
                g.service, type_name, jt.key.selection, provided
            ):
                return Hop(g.service, jt.key)
        return None

    def _select_context(
        self, type_name: str, f: NField, arg: ContextArgument
    ) -> tuple[tuple[str, ...], set[int]]:
        """Select the context's field set at the nearest ancestor setting it; return the path
        to the value from the field's parent object, and the groups fetching it."""
        setters = self.rules.context_types(arg.context)
        sel = _selection(arg.selection)
        for depth in range(len(self._chain) - 1, -1, -1):
            gid, parent_type, _, parent_path, parent_target = self._chain[depth]
            if not any(t == parent_type or self.rules.possible(t, parent_type) for t in setters):
                continue
            fields = [s for s in sel.selections if isinstance(s, ast.FieldNode)]
            if len(fields) != 1 or len(sel.selections) != 1 or fields[0].selection_set:
                # DIVERGENCE: Apollo also takes nested field sets and type conditions.
                raise PlanningError(
                    f"{type_name}.{f.name}: the @fromContext selection {arg.selection.strip()!r} "
                    "is not a single leaf field, which this planner does not support"
                )
            host = self._host(gid, parent_type, parent_path, sel)
            if host is not None:
                group, at = host
                (key,) = self._add_fields(at, sel, parent_path, parent_type)
                at.plain_field("__typename", leaf=True)
                at.move_to_front([key])
                self._touch(group)
                ups = ("..",) * (len(self._chain) - depth)
                return ups + (f"... on {parent_type}", key), {group.id}
            group = next(x for x in self.groups if x.id == gid)
            # The context's fields are planned on the ancestor like the operation's own (from
            # another subgraph when the ancestor's cannot resolve them), with the chain of
            # fields above the ancestor.
            chain = self._chain
            self._chain = chain[:depth]
            self._touched.append(set())
            try:
                self.plan(group, parent_target, parent_type, fieldset_sels(sel), parent_path, None)
            finally:
                touched = self._touched.pop()
                self._chain = chain
            name = fields[0].name.value
            key = self.internal_alias(parent_path, name) or name
            parent_target.plain_field("__typename", leaf=True)
            parent_target.move_to_front([key])
            ups = ("..",) * (len(chain) - depth)
            return ups + (f"... on {parent_type}", key), touched | {gid}
        if self.trial:
            # A trial starts below the ancestors: cost the field as if one set the context.
            return ("..", f"... on {type_name}", arg.name), set()
        raise PlanningError(
            f"{type_name}.{f.name}: no ancestor in the operation sets the context {arg.context!r}"
        )


def _selection(text: str) -> ast.SelectionSetNode:
    op = parse(text, no_location=True).definitions[0]
    assert isinstance(op, ast.OperationDefinitionNode)
    return op.selection_set


def _selection_at(group: Group, type_name: str, path: Path) -> SelSet | None:
    """The selection of ``group`` on the object of type ``type_name`` at ``path``, if the
    group selects it (through response keys from its root, or from an entity fetch's
    objects)."""
    if path[: len(group.path)] != group.path:
        return None
    rest = path[len(group.path) :]
    if not group.entity:
        return _walk(group.root, rest)
    if not rest:
        item = group.root.items.get(f"... on {type_name}")
        return item.sub if isinstance(item, FragmentItem) else None
    for item in group.root.items.values():
        if isinstance(item, FragmentItem) and (at := _walk(item.sub, rest)) is not None:
            return at
    return None


def _walk(here: SelSet | None, steps: Path) -> SelSet | None:
    for step in steps:
        if here is None:
            return None
        if step != "@":
            here = next(
                (
                    i.sub
                    for i in here.items.values()
                    if isinstance(i, FieldItem) and (i.alias or i.name) == step and not i.directives
                ),
                None,
            )
    return here
