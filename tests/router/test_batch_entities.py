"""Entity targets: objects at a plan path, their response paths, de-duplicated representations."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from router.entities import EntityTargets, objects_at, paths_at
from router.plan import InputField, InputFragment

KEYS = ("a", "b")
_leaf = st.one_of(st.none(), st.integers(0, 3), st.sampled_from(["x", "1", "2"]))
_values = st.recursive(
    _leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from([*KEYS, "__typename", "id"]), inner, max_size=4),
    ),
    max_leaves=25,
)


def _at(data: Any, path: list[str | int]) -> Any:
    for step in path:
        data = data[step]
    return data


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from(KEYS), _values, max_size=2),
    st.lists(st.sampled_from([*KEYS, "@"]), max_size=4),
)
def test_paths_align_with_objects(data: dict[str, Any], path: list[str]) -> None:
    objects = objects_at(data, path)
    paths = paths_at(data, path)
    assert len(objects) == len(paths)
    assert all(_at(data, p) is o for o, p in zip(objects, paths, strict=True))


def _user(id_: Any, typename: str = "User") -> dict[str, Any]:
    return {"__typename": typename, "id": id_, "name": f"n{id_}"}


REQUIRES = (InputFragment("User", (InputField("__typename"), InputField("id"))),)


def _is_a(type_condition: str, typename: str) -> bool:
    return type_condition == typename or (type_condition == "Node" and typename == "User")


def test_representations_deduplicated_across_paths_and_kept_apart_by_value_type() -> None:
    data = {
        "a": [_user("1"), _user("2"), _user(1), _user(True)],
        "b": {
            "c": [_user("2"), {"__typename": "Other", "id": "1"}, {"id": "3"}, _user(1), _user(1.0)]
        },
    }
    targets = EntityTargets(data, (("a", "@"), ("b", "c", "@")), REQUIRES, _is_a)
    # "1", 1, 1.0 and true are different representations; "2" and 1 appear twice.
    assert targets.reps == [
        {"__typename": "User", "id": "1"},
        {"__typename": "User", "id": "2"},
        {"__typename": "User", "id": 1},
        {"__typename": "User", "id": True},
        {"__typename": "User", "id": 1.0},
    ]
    assert [type(r["id"]) for r in targets.reps] == [str, str, int, bool, float]
    assert targets.slots == [[0], [1, 4], [2, 7], [3], [8]]
    paths = targets.response_paths()
    assert [paths[n] for n in targets.slots[2]] == [["a", 2], ["b", "c", 3]]


def test_nested_and_rewritten_representations() -> None:
    requires = (
        InputFragment(
            "Node",
            (
                InputField("__typename"),
                InputField("id"),
                InputField("owner", (InputField("id"),)),
                InputField("name", alias="internal"),
            ),
            typename_rewrite="Node",
        ),
    )
    data = {
        "a": [
            {"__typename": "User", "id": "1", "owner": {"id": "o", "x": 1}, "internal": "n"},
            {"__typename": "User", "id": "1", "owner": {"id": "o"}, "internal": "n"},
            {"__typename": "User", "id": "2", "owner": {"id": "o"}},  # value never arrived
        ]
    }
    targets = EntityTargets(data, (("a",),), requires, _is_a)
    assert targets.reps == [{"__typename": "Node", "id": "1", "owner": {"id": "o"}, "name": "n"}]
    assert targets.slots == [[0, 1]]
