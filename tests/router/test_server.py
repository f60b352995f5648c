"""The HTTP layer in process (ASGI): configuration, header rules, limits, GET, hostile input."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from router.client import HeaderRule, HeaderRules
from router.server import ConfigError, RouterConfig, create_app, load_config
from router.service import Limits, Router, RouterOptions
from tests.router.test_execution import make_router

CONFIG = """
supergraph:
  listen: 127.0.0.1:4100
  introspection: false
include_subgraph_errors:
  all: true
  subgraphs:
    accounts: false
limits:
  max_depth: 4
  max_height: 20
  max_aliases: 2
  http_max_request_bytes: 400
headers:
  all:
    request:
      - propagate: {named: x-user-id}
      - propagate: {matching: "^x-tenant-.*"}
      - insert: {name: x-router, value: switchyard}
      - remove: {named: x-tenant-secret}
  subgraphs:
    reviews:
      request:
        - propagate: {named: authorization, rename: x-auth}
"""


def app_for(config: RouterConfig) -> tuple[Any, Any]:
    router, client = make_router()
    router = Router(router.snapshot, client, options=config.options)
    return create_app(router, config), client


async def call(app: Any, method: str, **kw: Any) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://router") as c:
        return await c.request(method, "/graphql", **kw)


def test_config_parses_apollo_router_names() -> None:
    cfg = load_config(CONFIG)
    assert (cfg.host, cfg.port, cfg.max_request_bytes) == ("127.0.0.1", 4100, 400)
    assert cfg.options.limits == Limits(max_depth=4, max_height=20, max_aliases=2)
    assert cfg.options.introspection is False
    assert not cfg.options.shows_errors_of("accounts") and cfg.options.shows_errors_of("reviews")
    assert [r.kind for r in cfg.headers.all] == ["propagate", "propagate", "insert", "remove"]
    assert cfg.headers.subgraphs["reviews"][0].rename == "x-auth"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("limits: {max_dept: 3}", "limits: unknown key 'max_dept'; did you mean 'max_depth'?"),
        ("header: {}", "config: unknown key 'header'; did you mean 'headers'?"),
        ("supergraph: {listen: nowhere}", "supergraph.listen: expected HOST:PORT"),
        ("limits: {max_depth: -1}", "limits.max_depth: expected a non-negative integer"),
        (
            "headers: {all: {request: [{propagate: {name: a}}]}}",
            "headers.all.request[0].propagate: unknown key 'name'; did you mean 'named'?",
        ),
        (
            "headers: {all: {request: [{propagate: {}}]}}",
            "headers.all.request[0].propagate: give exactly one of named, matching",
        ),
        ("headers: {all: {request: [{insert: {name: a}}]}}", "needs name and value"),
        ("[1]", "config: expected a mapping"),
        ("a: [", "config is not valid YAML"),
    ],
)
def test_config_errors_name_key_and_suggestion(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(text)
    assert message in str(err.value)


def test_header_rules_propagate_insert_remove_rename() -> None:
    rules = load_config(CONFIG).headers
    incoming = {
        "x-user-id": "7",
        "x-tenant-a": "t",
        "x-tenant-secret": "s",
        "cookie": "c=1",
        "authorization": "Bearer t",
        "x-request-id": "r1",
        "content-length": "10",
    }
    assert rules.apply("accounts", incoming) == {
        "x-user-id": "7",
        "x-tenant-a": "t",
        "x-router": "switchyard",
        "x-request-id": "r1",
    }
    assert rules.apply("reviews", incoming)["x-auth"] == "Bearer t"
    # Nothing is forwarded without rules, except the request id.
    assert HeaderRules().apply("x", incoming) == {"x-request-id": "r1"}
    default = HeaderRules(all=(HeaderRule("propagate", named="x-user-id", default="anon"),))
    assert default.apply("x", {}) == {"x-user-id": "anon"}
    # Body and hop-by-hop headers never travel, even when a pattern matches them.
    every = HeaderRules(all=(HeaderRule("propagate", matching=re.compile(".*")),))
    assert "content-length" not in every.apply("x", incoming)


async def test_client_headers_reach_the_subgraph_client_and_request_id_is_generated() -> None:
    app, client = app_for(RouterConfig())
    r = await call(app, "POST", json={"query": "{ me { name } }"}, headers={"x-user-id": "7"})
    assert r.status_code == 200
    rid = r.headers["x-request-id"]
    assert re.fullmatch("[0-9a-f]{32}", rid)
    service, headers = client.headers[0]
    assert headers["x-user-id"] == "7" and headers["x-request-id"] == rid
    r = await call(app, "POST", json={"query": "{ me { name } }"}, headers={"x-request-id": "abc"})
    assert r.headers["x-request-id"] == "abc"


async def test_limits_use_apollo_router_codes() -> None:
    app, _ = app_for(load_config(CONFIG))
    deep = "{ me { reviews { author { reviews { id } } } } }"
    r = await call(app, "POST", json={"query": deep})
    assert r.status_code == 400
    assert r.json() == {
        "errors": [
            {
                "message": "Maximum depth limit exceeded in this operation",
                "extensions": {"code": "MAX_DEPTH_LIMIT"},
            }
        ]
    }
    aliases = "{ a: me { id } b: me { id } c: me { id } }"
    r = await call(app, "POST", json={"query": aliases})
    assert [e["extensions"]["code"] for e in r.json()["errors"]] == ["MAX_ALIASES_LIMIT"]
    # Exactly at the limits is fine.
    r = await call(app, "POST", json={"query": "{ a: me { id } b: me { reviews { id } } }"})
    assert r.status_code == 200 and "errors" not in r.json()


async def test_height_limit_counts_unique_fields_through_fragments() -> None:
    cfg = RouterConfig(options=RouterOptions(limits=Limits(max_height=3)))
    app, _ = app_for(cfg)
    ok = "{ me { id ...F } } fragment F on User { id name }"
    assert (await call(app, "POST", json={"query": ok})).status_code == 200
    over = "{ me { id ...F } } fragment F on User { name nick }"
    r = await call(app, "POST", json={"query": over})
    assert r.json()["errors"][0]["extensions"]["code"] == "MAX_HEIGHT_LIMIT"


async def test_introspection_can_be_disabled_and_subgraph_errors_redacted() -> None:
    app, _ = app_for(load_config(CONFIG))
    r = await call(app, "POST", json={"query": "{ __schema { queryType { name } } }"})
    assert r.status_code == 400
    assert r.json()["errors"][0]["extensions"]["code"] == "INTROSPECTION_DISABLED"
    r = await call(app, "POST", json={"query": "{ users { nick } }"})
    assert r.json()["errors"] == [
        {
            "message": "Subgraph errors redacted",
            "path": ["users", 1, "nick"],
            "extensions": {"code": "DOWNSTREAM_SERVICE_ERROR", "serviceName": "accounts"},
        }
    ]


async def test_body_limit_gives_413_with_a_graphql_error() -> None:
    app, _ = app_for(load_config(CONFIG))
    r = await call(app, "POST", json={"query": "{ me { id } }", "pad": "x" * 500})
    assert r.status_code == 413
    assert r.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_get_queries_and_no_mutations_over_get() -> None:
    app, _ = app_for(RouterConfig())
    params = {"query": "query($id: ID!) { user(id: $id) { name } }", "variables": '{"id": "2"}'}
    r = await call(app, "GET", params=params)
    assert (r.status_code, r.json()) == (200, {"data": {"user": {"name": "Bob"}}})
    r = await call(app, "GET", params={"query": "mutation { x }"})
    assert r.status_code == 400  # not in the schema: validation comes first
    r = await call(app, "GET", params={"query": "{ me { id } }", "variables": "{nope"})
    assert r.status_code == 400
    assert r.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize(
    ("kw", "status", "code"),
    [
        ({"content": b"{nope"}, 400, "BAD_REQUEST"),
        ({"content": b"", "headers": {"content-type": "application/json"}}, 400, "BAD_REQUEST"),
        ({"content": b"query=x", "headers": {"content-type": "text/plain"}}, 415, None),
        ({"content": b"\xff\xfe", "headers": {"content-type": "application/json"}}, 400, None),
        ({"json": {"query": 1}}, 400, "BAD_REQUEST"),
        ({"json": {"query": "{ me { id } }", "variables": []}}, 400, "BAD_REQUEST"),
        ({"json": {"query": "{ me { id } }", "operationName": 3}}, 400, "BAD_REQUEST"),
        ({"json": "{ me { id } }"}, 400, "BAD_REQUEST"),
    ],
)
async def test_malformed_requests_are_client_errors(
    kw: dict[str, Any], status: int, code: str | None
) -> None:
    app, _ = app_for(RouterConfig())
    r = await call(app, "POST", **kw)
    assert r.status_code == status
    errors = r.json()["errors"]
    if code is not None:
        assert errors[0]["extensions"]["code"] == code


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
fields = st.sampled_from(["me", "users", "id", "name", "nick", "reviews", "body", "__typename"])
queries = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(["{", "}", "(", ")", "...", "on", "User", "$x", ":", "@skip", "query"])
        | fields,
        max_size=25,
    ).map(" ".join),
)
bodies = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries(
        {"query": queries},
        optional={"variables": json_values, "operationName": json_values},
    ).map(lambda v: json.dumps(v).encode()),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies, method=st.sampled_from(["POST", "GET"]))
async def test_fuzz_never_answers_500(body: bytes, method: str) -> None:
    app, _ = app_for(RouterConfig(max_request_bytes=10_000))
    if method == "GET":
        r = await call(app, "GET", params={"query": body.decode("utf-8", "replace")})
    else:
        r = await call(app, "POST", content=body, headers={"content-type": "application/json"})
    assert r.status_code < 500, r.text
    payload = r.json()
    assert "data" in payload or payload["errors"]
