"""Differential planning: random valid queries over the golden supergraphs never need more
fetches from our planner than from @apollo/query-planner (one node process per batch)."""

from __future__ import annotations

import json
import random
import subprocess
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    parse,
    validate,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from composer.supergraph.api_schema import build_api_schema
from router.plan import count_fetches, explain
from router.planner import PlannerConfig
from router.service import Router
from tests.reference.apollo import HERE as REFERENCE_DIR
from tests.router.golden_harness import fixtures, supergraph_for
from tests.router.test_golden import _NoClient

FIXTURES = fixtures()
MAX_DEPTH = 4
BATCH = 40


def _literal(t: GraphQLInputType, depth: int = 0) -> str:
    """A valid literal for a required argument of type ``t``."""
    if isinstance(t, GraphQLNonNull):
        return _literal(t.of_type, depth)
    if isinstance(t, GraphQLList):
        return "[" + _literal(t.of_type, depth) + "]"
    if isinstance(t, GraphQLEnumType):
        return next(iter(t.values))
    if isinstance(t, GraphQLInputObjectType):
        required = [
            f"{n}: {_literal(f.type, depth + 1)}"
            for n, f in t.fields.items()
            if isinstance(f.type, GraphQLNonNull) and f.default_value is None
        ]
        return "{" + ", ".join(required) + "}"
    assert isinstance(t, GraphQLScalarType)
    return {"Int": "1", "Float": "1.5", "Boolean": "true"}.get(t.name, '"1"')


def _arguments(f: GraphQLField) -> str:
    required = [
        f"{n}: {_literal(a.type)}"
        for n, a in f.args.items()
        if isinstance(a.type, GraphQLNonNull) and a.default_value is None
    ]
    return "(" + ", ".join(required) + ")" if required else ""


def _selection(
    rng: random.Random,
    schema: GraphQLSchema,
    t: GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType,
    depth: int,
) -> str:
    """A random valid selection set on ``t`` (aliases and fragments included)."""
    parts: list[str] = []
    if not isinstance(t, GraphQLUnionType):
        names = sorted(t.fields)
        if depth >= MAX_DEPTH:
            names = [n for n in names if _is_leaf(t.fields[n])]
        if names:
            chosen = rng.sample(names, rng.randint(1, min(3, len(names))))
            for name in chosen:
                f = t.fields[name]
                alias = f"{name}_{depth}: " if rng.randint(0, 5) == 0 else ""
                head = f"{alias}{name}{_arguments(f)}"
                named = get_named_type(f.type)
                if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
                    head += " " + _selection(rng, schema, named, depth + 1)
                parts.append(head)
    if isinstance(t, GraphQLInterfaceType | GraphQLUnionType) and depth < MAX_DEPTH:
        possible = sorted(o.name for o in schema.get_possible_types(t))
        for name in rng.sample(possible, rng.randint(0, min(2, len(possible)))):
            obj = schema.get_type(name)
            assert isinstance(obj, GraphQLObjectType)
            parts.append(f"... on {name} " + _selection(rng, schema, obj, depth + 1))
    if not parts or rng.randint(0, 4) == 0:
        parts.insert(rng.randint(0, len(parts)), "__typename")
    return "{ " + " ".join(parts) + " }"


def _is_leaf(f: GraphQLField) -> bool:
    return isinstance(get_named_type(f.type), GraphQLScalarType | GraphQLEnumType)


def _queries(rng: random.Random, schema: GraphQLSchema, n: int) -> list[str]:
    assert schema.query_type is not None
    return [_selection(rng, schema, schema.query_type, 0) for _ in range(n)]


# Plans every batch in one node process: [{supergraphSdl, operations: [query]}] on stdin,
# [[{ok, fetches, plan}]] on stdout.
_APOLLO_BATCH = """
import {
  ROUTER_SUPPORTED_SUPERGRAPH_FEATURES,
  Supergraph,
  operationFromDocument,
} from "@apollo/federation-internals";
import { QueryPlanner, prettyFormatQueryPlan } from "@apollo/query-planner";
import { parse } from "graphql";
import { readFileSync } from "node:fs";
function count(n) {
  if (!n) return 0;
  if (n.kind === "Fetch") return 1;
  let c = 0;
  for (const k of ["node", "ifClause", "elseClause"]) if (n[k]) c += count(n[k]);
  for (const x of n.nodes ?? []) c += count(x);
  return c;
}
const out = JSON.parse(readFileSync(0, "utf8")).map((batch) => {
  // The features Apollo Router's planner accepts (the context spec among them).
  const supergraph = Supergraph.build(batch.supergraphSdl, {
    supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES,
  });
  const planner = new QueryPlanner(supergraph);
  return batch.operations.map((q) => {
    try {
      const plan = planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(q)));
      return { ok: true, fetches: count(plan.node), plan: prettyFormatQueryPlan(plan) };
    } catch (e) {
      return { ok: false, fetches: 0, plan: String(e?.message ?? e) };
    }
  });
});
process.stdout.write(JSON.stringify(out));
"""


def _apollo_batches(batches: list[tuple[str, list[str]]]) -> list[list[dict[str, Any]]]:
    payload = [{"supergraphSdl": sdl, "operations": qs} for sdl, qs in batches]
    proc = subprocess.run(
        ["node", "--input-type=module", "-e", _APOLLO_BATCH],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=REFERENCE_DIR,
    )
    result: list[list[dict[str, Any]]] = json.loads(proc.stdout)
    return result


SUPERGRAPHS = {fx.feature: supergraph_for(fx) for fx in FIXTURES}
SCHEMAS = {name: build_api_schema(sdl) for name, sdl in SUPERGRAPHS.items()}
# Fetches are compared before batching merges them into fewer requests (Apollo's planner has
# no such pass; tests/router/test_batch.py checks the batched plans keep every fetch).
_PLAIN = PlannerConfig(batch_fetches=False)
ROUTERS = {
    name: Router.from_sdl(sdl, _NoClient(), config=_PLAIN) for name, sdl in SUPERGRAPHS.items()
}


@settings(
    max_examples=2,
    deadline=None,
    # A shrunk seed is no simpler than the failing one.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_random_queries_need_no_more_fetches_than_apollo(seed: int) -> None:
    # Hypothesis draws the seed; the queries come from a seeded generator (drawing thousands
    # of choices through Hypothesis itself is far too slow for batches this size).
    rng = random.Random(seed)
    batches: list[tuple[str, list[str]]] = []
    for name, schema in SCHEMAS.items():
        queries = _queries(rng, schema, BATCH)
        valid = [q for q in dict.fromkeys(queries) if not validate(schema, parse(q))]
        batches.append((name, valid))
    results = _apollo_batches([(SUPERGRAPHS[name], qs) for name, qs in batches])
    worse = []
    for (name, queries), refs in zip(batches, results, strict=True):
        for q, ref in zip(queries, refs, strict=True):
            if not ref["ok"]:
                continue
            plan = ROUTERS[name].prepare(q, None).plan
            ours = count_fetches(plan.node)
            if ours > int(ref["fetches"]):
                worse.append(f"[{name}] {q}\nours {ours}:\n{explain(plan)}\nApollo:\n{ref['plan']}")
    assert not worse, "\n\n".join(worse)
