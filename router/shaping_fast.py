"""The fast path of response shaping: one generated function per selection set and runtime
type, no response paths. Whatever the exact shaper (``router.shaping``) could report or change
raises ``Slow``, and the response is shaped again by the exact shaper."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol, cast

from router.shaping_types import TypeRef

__all__ = ["FastSelection", "ObjectShaper", "Slow", "fast_object", "object_shaper"]


class FastSelection(Protocol):
    """A selection set at one parent type, as the fast path uses it."""

    @property
    def conditional(self) -> bool: ...

    def compiled(self, typename: str, variables: Mapping[str, Any]) -> ObjectShaper: ...


def object_shaper(
    fields: list[tuple[str, str, TypeRef | None, FastSelection | None]], typename: str
) -> ObjectShaper:
    """The function shaping an object of type ``typename``, from its collected fields
    (response key, field name, type, sub-selection)."""
    out: list[_FastField] = []
    for key, name, t, sub in fields:
        if name == "__typename":
            out.append((key, _TYPENAME, None))
        elif name.startswith("__") or t is None or _plain_leaf(t):
            out.append((key, _RAW, None))
        elif t.kind == "nonnull" and t.of is not None and _plain_leaf(t.of):
            out.append((key, _NON_NULL, None))
        else:
            out.append((key, _COMPLETE, _completer(t, sub)))
    return _generate(out, typename)


class Slow(Exception):
    """The fast shaper met a null in a non-null position or an unexpected value."""


# Fast shaper steps: the value is the merged data's as is (_RAW), must not be null
# (_NON_NULL), is the runtime type name (_TYPENAME), or goes through a completer (_COMPLETE).
_RAW, _NON_NULL, _TYPENAME, _COMPLETE = 0, 1, 2, 3
_Completer = Callable[[Any, Mapping[str, Any]], Any]
_FastField = tuple[str, int, _Completer | None]


ObjectShaper = Callable[[dict[str, Any], Mapping[str, Any]], dict[str, Any]]


def _generate(fields: list[_FastField], typename: str) -> ObjectShaper:
    """One function building the client's object in a single dict display (the way
    ``dataclasses`` generates ``__init__``): response keys enter the source through ``repr``;
    the type name and completers are namespace values, never source text."""
    namespace: dict[str, Any] = {"Slow": Slow, "TYPENAME": typename}
    checks: list[str] = []
    items: list[str] = []
    for i, (key, mode, complete) in enumerate(fields):
        k = repr(key)
        if mode == _RAW:
            items.append(f"{k}: get({k})")
        elif mode == _TYPENAME:
            items.append(f"{k}: TYPENAME")
        elif mode == _NON_NULL:
            checks.append(f"    v{i} = get({k})\n    if v{i} is None:\n        raise Slow\n")
            items.append(f"{k}: v{i}")
        else:
            namespace[f"complete{i}"] = complete
            items.append(f"{k}: complete{i}(get({k}), variables)")
    source = (
        "def shape(obj, variables):\n    get = obj.get\n"
        + "".join(checks)
        + "    return {"
        + ", ".join(items)
        + "}\n"
    )
    exec(source, namespace)
    return cast(ObjectShaper, namespace["shape"])


def fast_object(
    shape: FastSelection, obj: dict[str, Any], typename: str, variables: Mapping[str, Any]
) -> dict[str, Any]:
    return shape.compiled(typename, variables)(obj, variables)


def _completer(t: TypeRef, sub: FastSelection | None) -> _Completer:
    """A function completing a value of type ``t`` without tracking paths; it raises
    ``Slow`` wherever the exact shaper could report an error or change the value."""
    if t.kind == "nonnull":
        assert t.of is not None
        inner = _completer(t.of, sub)

        def non_null(v: Any, variables: Mapping[str, Any]) -> Any:
            if v is None:
                raise Slow
            return inner(v, variables)

        return non_null
    if t.kind == "leaf":
        allowed_values = t.allowed
        if allowed_values is None:
            return lambda v, _: v

        def enum(v: Any, _: Mapping[str, Any]) -> Any:
            if v is None or (type(v) is str and v in allowed_values):
                return v
            raise Slow  # a value the API schema hides: the exact shaper makes it null

        return enum
    if t.kind == "list":
        assert t.of is not None
        item = t.of
        if _plain_leaf(item) or (item.kind == "nonnull" and item.of and _plain_leaf(item.of)):
            nullable = item.kind == "leaf"

            def leaves(v: Any, _: Mapping[str, Any]) -> Any:
                if v is None:
                    return None
                if type(v) is not list or (not nullable and None in v):
                    raise Slow
                return v

            return leaves
        each = _completer(item, sub)

        def items(v: Any, variables: Mapping[str, Any]) -> Any:
            if v is None:
                return None
            if type(v) is not list:
                raise Slow
            return [each(x, variables) for x in v]

        return items
    if sub is None:
        raise Slow  # a composite without a selection: left to the exact shaper
    name, abstract = t.name, t.abstract
    if not abstract and not sub.conditional:
        # One runtime type and no conditions: the object shaper is looked up once.
        shaper: list[ObjectShaper] = []

        def concrete(v: Any, variables: Mapping[str, Any]) -> Any:
            if v is None:
                return None
            if type(v) is not dict:
                raise Slow
            if not shaper:
                shaper.append(sub.compiled(name, variables))
            return shaper[0](v, variables)

        return concrete

    allowed_types = t.allowed

    def composite(v: Any, variables: Mapping[str, Any]) -> Any:
        if v is None:
            return None
        if type(v) is not dict:
            raise Slow
        tn = v.get("__typename", name) if abstract else name
        if type(tn) is not str:
            tn = name
        elif allowed_types is not None and tn not in allowed_types:
            raise Slow  # a runtime type the API schema hides: the exact shaper makes it null
        return fast_object(sub, v, tn, variables)

    return composite


def _plain_leaf(t: TypeRef) -> bool:
    """A leaf whose every value is shown as it is."""
    return t.kind == "leaf" and t.allowed is None
