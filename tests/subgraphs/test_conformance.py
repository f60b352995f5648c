"""Federation subgraph conformance, checked on the running sample subgraphs.

* the SDL links the federation spec (v2.x) and imports exactly the directives it uses;
* ``_Entity`` lists exactly the types with a resolvable ``@key``;
* every entity resolves by every one of its keys, in representation order;
* unknown keys of owned entities resolve to null;
* ``@requires`` fields are computed from the fields the router sends.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from graphql import (
    DirectiveNode,
    ListValueNode,
    ObjectTypeDefinitionNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    StringValueNode,
    UnionTypeDefinitionNode,
    Visitor,
    parse,
    print_ast,
    visit,
)

from subgraphs.dataset import dataset
from subgraphs.orders.schema import shipping_estimate
from tests.procs import Proc
from tests.subgraphs.conftest import NAMES, data, post

pytestmark = pytest.mark.xdist_group("subgraphs-live")

ROOT = Path(__file__).resolve().parents[2]
FEDERATION_DIRECTIVES = {
    "key",
    "shareable",
    "external",
    "requires",
    "provides",
    "override",
    "inaccessible",
    "tag",
    "interfaceObject",
    "composeDirective",
    "authenticated",
    "requiresScopes",
    "policy",
    "context",
    "fromContext",
    "cost",
    "listSize",
    "extends",
}

# Sample key values per (entity, key field), from the shared dataset.
SAMPLES: dict[tuple[str, str], Callable[[], list[str]]] = {
    ("User", "id"): lambda: [u.id for u in dataset().users[::37]],
    ("Order", "id"): lambda: [o.id for o in dataset().orders[::401]],
    ("Review", "id"): lambda: [r.id for r in dataset().reviews[::251]],
    ("Product", "upc"): lambda: [p.upc for p in dataset().products[::9]],
    ("Product", "sku"): lambda: [p.sku for p in dataset().products[::11]],
}
# Entities whose existence the subgraph knows: an unknown key yields null.
OWNED = {("users", "User"), ("orders", "Order"), ("reviews", "Review"), ("products", "Product")}


def sdl_of(proc: Proc) -> str:
    sdl: str = data(proc.url, "{ _service { sdl } }")["_service"]["sdl"]
    return sdl


def string_arg(directive: DirectiveNode, name: str) -> str | None:
    for arg in directive.arguments or ():
        if arg.name.value == name and isinstance(arg.value, StringValueNode):
            return arg.value.value
    return None


def keys_by_entity(sdl: str) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for d in parse(sdl).definitions:
        if isinstance(d, ObjectTypeDefinitionNode):
            for directive in d.directives or ():
                if directive.name.value == "key":
                    fields = string_arg(directive, "fields")
                    assert fields is not None
                    keys.setdefault(d.name.value, []).append(fields)
    return keys


class _Used(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_directive(self, node: DirectiveNode, *_: object) -> None:
        self.names.add(node.name.value)


@pytest.mark.parametrize("name", NAMES)
def test_link_imports_exactly_the_federation_directives_used(
    live: dict[str, Proc], name: str
) -> None:
    doc = parse(sdl_of(live[name]))
    links = [
        directive
        for d in doc.definitions
        if isinstance(d, (SchemaDefinitionNode, SchemaExtensionNode))
        for directive in d.directives or ()
        if directive.name.value == "link"
    ]
    assert len(links) == 1, "expected one @link on the schema"
    url = string_arg(links[0], "url")
    assert url is not None and url.startswith("https://specs.apollo.dev/federation/v2.")
    imports_arg = next(a for a in links[0].arguments or () if a.name.value == "import")
    assert isinstance(imports_arg.value, ListValueNode)
    imported = {
        v.value.lstrip("@") for v in imports_arg.value.values if isinstance(v, StringValueNode)
    }
    used = _Used()
    visit(doc, used)
    assert imported == (used.names & FEDERATION_DIRECTIVES), print_ast(links[0])


@pytest.mark.parametrize("name", NAMES)
def test_entity_union_lists_the_keyed_types(live: dict[str, Proc], name: str) -> None:
    sdl = sdl_of(live[name])
    union = next(
        d
        for d in parse(sdl).definitions
        if isinstance(d, UnionTypeDefinitionNode) and d.name.value == "_Entity"
    )
    assert {t.name.value for t in union.types or ()} == set(keys_by_entity(sdl))


def entity_cases() -> list[tuple[str, str, str]]:
    import asyncio

    from subgraphs.__main__ import service_sdl

    cases = []
    for name in NAMES:
        for entity, keys in keys_by_entity(asyncio.run(service_sdl(name))).items():
            cases += [(name, entity, key) for key in keys]
    return cases


@pytest.mark.parametrize(("name", "entity", "key"), entity_cases())
def test_entity_resolves_by_each_key(
    live: dict[str, Proc], name: str, entity: str, key: str
) -> None:
    assert (entity, key) in SAMPLES, f"add sample values for {entity} @key({key})"
    values = SAMPLES[(entity, key)]()
    assert len(values) >= 5
    reps = [{"__typename": entity, key: v} for v in values]
    got = data(
        live[name].url,
        f"query($r: [_Any!]!) {{ _entities(representations: $r) {{ __typename ... on {entity} {{ {key} }} }} }}",
        {"r": reps},
    )["_entities"]
    assert got == [{"__typename": entity, key: v} for v in values]
    if (name, entity) in OWNED:
        missing = data(
            live[name].url,
            f"query($r: [_Any!]!) {{ _entities(representations: $r) {{ ... on {entity} {{ {key} }} }} }}",
            {"r": [{"__typename": entity, key: "no-such-" + key}, reps[0]]},
        )["_entities"]
        assert missing == [None, {key: values[0]}]


def test_requires_field_uses_the_fields_sent(live: dict[str, Proc]) -> None:
    products = dataset().products[:30]
    reps = [
        {"__typename": "Product", "upc": p.upc, "price": p.price, "weight": p.weight}
        for p in products
    ]
    got = data(
        live["orders"].url,
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { upc shippingEstimate } } }",
        {"r": reps},
    )["_entities"]
    assert got == [
        {"upc": p.upc, "shippingEstimate": shipping_estimate(p.price, p.weight)} for p in products
    ]
    assert any(e["shippingEstimate"] > 0 for e in got) and any(
        e["shippingEstimate"] == 0 for e in got
    )


def test_a_bad_representation_fails_only_its_own_slot(live: dict[str, Proc]) -> None:
    first, last = dataset().products[0], dataset().products[1]
    reps = [
        {"__typename": "Product", "upc": first.upc},
        {"__typename": "Product"},
        {"__typename": "Product", "sku": last.sku},
    ]
    body = post(
        live["products"].url,
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { upc } } }",
        {"r": reps},
    ).json()
    assert body["data"] == {"_entities": [{"upc": first.upc}, None, {"upc": last.upc}]}
    assert [e["path"] for e in body["errors"]] == [["_entities", 1]]
