"""Entity representations: the objects at a plan path, their ``_entities`` representations
(de-duplicated), and which objects each representation's result merges into."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import orjson
from graphql import Visitor, parse, print_ast, visit
from graphql.language import ast

from router.plan import InputField, InputFragment, InputSelection

__all__ = [
    "EntityTargets",
    "PathT",
    "ancestors_at",
    "context_value",
    "objects_at",
    "paths_at",
    "split_by_values",
]

PathT = list[str | int]
IsA = Callable[[str, str], bool]


def objects_at(data: Any, path: Sequence[str]) -> list[dict[str, Any]]:
    """The objects at ``path`` in document order; lists are entered at every step."""
    level: list[Any] = [data]
    for step in path:
        if step != "@":
            level = _step(level, step)
    out: list[dict[str, Any]] = []
    _objects(level, out)
    return out


def _step(level: list[Any], step: str) -> list[Any]:
    out: list[Any] = []
    for v in level:
        if isinstance(v, dict):
            child = v.get(step)
            if isinstance(child, list):
                out.extend(child)  # nested lists are entered at the next step
            elif child is not None:
                out.append(child)
        elif isinstance(v, list):
            out.extend(_step(v, step))
    return out


def _objects(level: list[Any], out: list[dict[str, Any]]) -> None:
    for v in level:
        if isinstance(v, dict):
            out.append(v)
        elif isinstance(v, list):
            _objects(v, out)


def ancestors_at(data: Any, path: Sequence[str]) -> list[tuple[dict[str, Any], ...]]:
    """For each object of ``objects_at(data, path)``, in the same order, the objects it is
    under (one per response key of ``path``, the root first)."""
    out: list[tuple[dict[str, Any], ...]] = []
    _ancestors(data, [s for s in path if s != "@"], (), out)
    return out


def _ancestors(
    value: Any, steps: list[str], above: tuple[dict[str, Any], ...], out: list[Any]
) -> None:
    if isinstance(value, list):
        for v in value:
            _ancestors(v, steps, above, out)
    elif isinstance(value, dict):
        if not steps:
            out.append(above)
        elif (child := value.get(steps[0])) is not None:
            _ancestors(child, steps[1:], (*above, value), out)


def context_value(
    above: tuple[dict[str, Any], ...], path: Sequence[str], is_a: IsA
) -> tuple[bool, Any]:
    """Follow a context path (``..`` steps up from an object whose ancestors are ``above``,
    then ``... on T`` steps and response keys); (found, value)."""
    ups = 0
    while ups < len(path) and path[ups] == "..":
        ups += 1
    if ups == 0 or ups > len(above):
        return False, None
    value: Any = above[-ups]
    for step in path[ups:]:
        if not isinstance(value, dict):
            return False, None
        if step.startswith("... on "):
            typename = value.get("__typename")
            if isinstance(typename, str) and not is_a(step[7:], typename):
                return False, None
        elif step in value:
            value = value[step]
        else:
            return False, None
    return True, value


@lru_cache(maxsize=256)
def split_by_values(
    operation: str, variables: tuple[str, ...], parts: int
) -> tuple[str, tuple[tuple[str, ...], ...]]:
    """An ``_entities`` operation repeated ``parts`` times in one request: field ``_i`` with
    its own ``$representations`` and ``variables`` (renamed ``NAME_i``, or with more ``_``
    when the operation uses that name). Returns the operation and, per part, the names of
    ``("representations", *variables)``."""
    doc = parse(operation, no_location=True)
    op = doc.definitions[0]
    assert isinstance(op, ast.OperationDefinitionNode)
    (field,) = op.selection_set.selections
    assert isinstance(field, ast.FieldNode)
    own = ("representations", *variables)
    taken = {d.variable.name.value for d in op.variable_definitions or ()}
    shared = [d for d in op.variable_definitions or () if d.variable.name.value not in own]
    defs: list[ast.VariableDefinitionNode] = []
    fields: list[ast.FieldNode] = []
    names: list[tuple[str, ...]] = []
    for i in range(parts):
        renamed: dict[str, str] = {}
        for v in own:
            name = f"{v}_{i}"
            while name in taken:
                name = "_" + name
            taken.add(name)
            renamed[v] = name
        for d in op.variable_definitions or ():
            if d.variable.name.value in renamed:
                var = ast.VariableNode(name=ast.NameNode(value=renamed[d.variable.name.value]))
                defs.append(ast.VariableDefinitionNode(variable=var, type=d.type))
        copy = visit(field, _Rename(renamed))
        fields.append(
            ast.FieldNode(
                alias=ast.NameNode(value=f"_{i}"),
                name=copy.name,
                arguments=copy.arguments,
                directives=copy.directives,
                selection_set=copy.selection_set,
            )
        )
        names.append(tuple(renamed[v] for v in own))
    new_op = ast.OperationDefinitionNode(
        operation=op.operation,
        name=op.name,
        variable_definitions=tuple(defs + shared),
        directives=op.directives,
        selection_set=ast.SelectionSetNode(selections=tuple(fields)),
    )
    return print_ast(new_op), tuple(names)


class _Rename(Visitor):
    def __init__(self, names: dict[str, str]) -> None:
        super().__init__()
        self.names = names

    def enter_variable(self, node: ast.VariableNode, *_: object) -> ast.VariableNode | None:
        new = self.names.get(node.name.value)
        return ast.VariableNode(name=ast.NameNode(value=new)) if new else None


def paths_at(data: Any, path: Sequence[str]) -> list[PathT]:
    """The response paths of ``objects_at(data, path)``, in the same order."""
    out: list[PathT] = []
    _paths(data, list(path), [], out)
    return out


def _paths(value: Any, path: list[str], here: PathT, out: list[PathT]) -> None:
    if isinstance(value, list):
        for i, v in enumerate(value):
            _paths(v, path, [*here, i], out)
        return
    if not isinstance(value, dict):
        return
    if not path:
        out.append(here)
        return
    step = path[0]
    if step == "@":
        _paths(value, path[1:], here, out)
    elif step in value:
        _paths(value[step], path[1:], [*here, step], out)


class EntityTargets:
    """The objects at some paths and their de-duplicated representations.

    ``slots[i]`` lists the indexes (into ``objects``) of the objects whose representation is
    ``reps[i]``. Response paths are only computed when an error needs them.
    """

    __slots__ = ("_data", "_paths", "_subset", "objects", "reps", "slots")

    def __init__(
        self,
        data: dict[str, Any],
        paths: Sequence[Sequence[str]],
        requires: tuple[InputSelection, ...],
        is_a: IsA,
        subset: Sequence[int] | None = None,
        every: Sequence[dict[str, Any]] | None = None,
    ) -> None:
        """``subset``: only these objects (indexes among all objects at ``paths``, which
        ``every`` may give when they were read already)."""
        self._data = data
        self._paths = paths
        self._subset = subset
        if every is None:
            every = [o for p in paths for o in objects_at(data, p)]
        self.objects: list[dict[str, Any]] = (
            list(every) if subset is None else [every[i] for i in subset]
        )
        self.reps: list[dict[str, Any]] = []
        self.slots: list[list[int]] = []
        index: dict[object, int] = {}
        plans: dict[str, _RepPlan | None] = {}
        for n, obj in enumerate(self.objects):
            typename = obj.get("__typename")
            if not isinstance(typename, str):
                continue
            plan = plans.get(typename, _UNSET)
            if plan is _UNSET:
                plan = plans[typename] = _rep_plan(requires, typename, is_a)
            if plan is None:
                continue
            key: object = plan.scalar_key(obj)
            i = index.get(key) if key is not None else None
            if i is None:
                # A new representation, or one whose key is its JSON text.
                rep = plan.build(obj, typename, is_a)
                if rep is None:
                    continue
                if key is None:
                    key = orjson.dumps(rep, option=orjson.OPT_SORT_KEYS)
                i = index.get(key)
                if i is None:
                    i = index[key] = len(self.reps)
                    self.reps.append(rep)
                    self.slots.append([])
            self.slots[i].append(n)

    def response_paths(self) -> list[PathT]:
        """The response path of each object, aligned with ``objects``."""
        out: list[PathT] = []
        for p in self._paths:
            out.extend(paths_at(self._data, p))
        return out if self._subset is None else [out[i] for i in self._subset]


class _RepPlan:
    """How to build representations for one runtime type from one ``requires`` fragment.

    ``flat``: (sent name, fetched key) pairs when the fragment is plain fields; then a
    representation whose values are all strings is keyed by a tuple instead of its JSON.
    """

    __slots__ = ("flat", "fragment", "number")

    def __init__(self, fragment: InputFragment, number: int) -> None:
        self.fragment = fragment
        self.number = number
        self.flat: tuple[tuple[str, str], ...] | None = None
        if all(isinstance(s, InputField) and s.selections is None for s in fragment.selections):
            self.flat = tuple(
                (s.name, s.alias or s.name)
                for s in fragment.selections
                if isinstance(s, InputField)
            )

    def scalar_key(self, obj: dict[str, Any]) -> tuple[object, ...] | None:
        """A key for the representation of ``obj``, read without building it: for plain fields
        whose values are all strings, numbers, booleans or null (the usual keys); else None.

        Value types are part of the key unless all values are strings: 1, 1.0 and true are
        equal in Python but different representations."""
        if self.flat is None or self.fragment.typename_rewrite is not None:
            return None
        values: list[object] = [self.number]
        plain = True
        for _, key in self.flat:
            v = obj.get(key, _UNSET)
            if type(v) is not str:
                if v is _UNSET or (v is not None and type(v) not in _SCALARS):
                    return None
                plain = False
            values.append(v)
        if not plain:
            values.extend(type(v) for v in values[1:])
        return tuple(values)

    def build(self, obj: dict[str, Any], typename: str, is_a: IsA) -> dict[str, Any] | None:
        """The representation of ``obj``; None when a value it needs never arrived."""
        frag = self.fragment
        if self.flat is not None:
            rep: dict[str, Any] = {}
            for name, key in self.flat:
                if key not in obj:
                    return None  # the value never arrived (an earlier fetch failed)
                rep[name] = obj[key]
        else:
            projected = _project(obj, frag.selections, typename, is_a)
            if projected is None:
                return None
            rep = projected
        if frag.typename_rewrite is not None:
            rep["__typename"] = frag.typename_rewrite
        return rep


_SCALARS = (int, float, bool)
_UNSET: Any = object()


def _rep_plan(requires: tuple[InputSelection, ...], typename: str, is_a: IsA) -> _RepPlan | None:
    for number, sel in enumerate(requires):
        if isinstance(sel, InputFragment) and is_a(sel.type_condition, typename):
            return _RepPlan(sel, number)
    return None


def _project(
    obj: dict[str, Any],
    sels: tuple[InputSelection, ...],
    typename: str,
    is_a: IsA,
) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    for s in sels:
        if isinstance(s, InputFragment):
            if is_a(s.type_condition, typename):
                sub = _project(obj, s.selections, typename, is_a)
                if sub is None:
                    return None
                out.update(sub)
            continue
        assert isinstance(s, InputField)
        # The planner fetched the value under an internal alias when the client uses the
        # field's name as an alias for another field; it is sent under its real name.
        key = s.alias or s.name
        if key not in obj:
            return None  # the value never arrived (an earlier fetch failed)
        value = obj[key]
        if s.selections is not None and value is not None:
            value = _project_value(value, s.selections, is_a)
            if value is _MISSING:
                return None
        out[s.name] = value
    return out


_MISSING = object()


def _project_value(value: Any, sels: tuple[InputSelection, ...], is_a: IsA) -> Any:
    if isinstance(value, list):
        items = [_project_value(v, sels, is_a) if v is not None else None for v in value]
        return _MISSING if any(i is _MISSING for i in items) else items
    if not isinstance(value, dict):
        return _MISSING
    tn = value.get("__typename")
    sub = _project(value, sels, tn if isinstance(tn, str) else "", is_a)
    return _MISSING if sub is None else sub
