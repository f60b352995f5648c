// Plan operations with @apollo/query-planner (the reference planner).
// stdin: {"supergraphSdl": str, "operations": [{"query": str, "operationName": str|null}]}
// stdout: [{"ok": bool, "plan": str|null, "fetches": int, "error": str|null}, ...]
import { Supergraph, operationFromDocument } from "@apollo/federation-internals";
import { QueryPlanner, prettyFormatQueryPlan } from "@apollo/query-planner";
import { parse } from "graphql";
import { readFileSync } from "node:fs";

const input = JSON.parse(readFileSync(0, "utf8"));
const supergraph = Supergraph.build(input.supergraphSdl);
const planner = new QueryPlanner(supergraph);

function countFetches(node) {
  if (!node) return 0;
  if (node.kind === "Fetch") return 1;
  let n = 0;
  for (const k of ["node", "ifClause", "elseClause"]) if (node[k]) n += countFetches(node[k]);
  for (const child of node.nodes ?? []) n += countFetches(child);
  return n;
}

const out = input.operations.map((op) => {
  try {
    const operation = operationFromDocument(supergraph.schema, parse(op.query), {
      operationName: op.operationName ?? undefined,
    });
    const plan = planner.buildQueryPlan(operation);
    return { ok: true, plan: prettyFormatQueryPlan(plan), fetches: countFetches(plan.node), error: null };
  } catch (e) {
    return { ok: false, plan: null, fetches: 0, error: String(e?.message ?? e) };
  }
});
process.stdout.write(JSON.stringify(out));
