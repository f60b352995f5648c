"""Type references as text (``[Int!]!``): structure and the subtyping rules of merging."""

from __future__ import annotations

from collections.abc import Callable


def named(t: str) -> str:
    return t.strip("[]!")


def is_non_null(t: str) -> bool:
    return t.endswith("!")


def nullable(t: str) -> str:
    return t[:-1] if t.endswith("!") else t


def is_list(t: str) -> bool:
    return nullable(t).startswith("[")


def of_list(t: str) -> str:
    return nullable(t)[1:-1]


def is_subtype(
    sub: str, sup: str, implements: Callable[[str, str], bool] = lambda a, b: False
) -> bool:
    """Whether ``sub`` may stand where ``sup`` is expected (output covariance).

    ``implements(a, b)``: named type ``a`` is a subtype of named type ``b`` (interface
    implementation or union membership).
    """
    if sub == sup:
        return True
    if is_non_null(sub) and not is_non_null(sup):
        return is_subtype(nullable(sub), sup, implements)
    if is_non_null(sub) != is_non_null(sup):
        return False
    s, p = nullable(sub), nullable(sup)
    if is_list(s) != is_list(p):
        return False
    if is_list(s):
        return is_subtype(of_list(s), of_list(p), implements)
    return s == p or implements(s, p)


def same_shape_except_nullability(a: str, b: str) -> bool:
    return a.replace("!", "") == b.replace("!", "")
