// Compose many subgraph sets with @apollo/composition in one process (the reference).
// stdin: {"cases": [{"subgraphs": [{"name", "url", "sdl"}, ...]}, ...]}
// stdout: a JSON array, one result per case, each shaped like compose.mjs's output:
//   {"ok", "supergraphSdl", "apiSchemaSdl", "errors": [{"code", "message"}], "hints"}
import { composeServices } from "@apollo/composition";
import { printSchema, parse } from "graphql";
import { readFileSync } from "node:fs";

function composeOne(subgraphs) {
  try {
    const services = subgraphs.map((s) => ({
      name: s.name,
      url: s.url ?? `http://${s.name}/graphql`,
      typeDefs: parse(s.sdl),
    }));
    const result = composeServices(services);
    if (result.errors) {
      return {
        ok: false,
        supergraphSdl: null,
        apiSchemaSdl: null,
        errors: result.errors.map((e) => ({ code: e.extensions?.code ?? "UNKNOWN", message: e.message })),
        hints: [],
      };
    }
    return {
      ok: true,
      supergraphSdl: result.supergraphSdl,
      apiSchemaSdl: printSchema(result.schema.toAPISchema().toGraphQLJSSchema()),
      errors: [],
      hints: (result.hints ?? []).map((h) => ({ code: h.definition.code, message: h.message })),
    };
  } catch (e) {
    return {
      ok: false,
      supergraphSdl: null,
      apiSchemaSdl: null,
      errors: [{ code: "EXCEPTION", message: String(e?.message ?? e) }],
      hints: [],
    };
  }
}

const input = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(input.cases.map((c) => composeOne(c.subgraphs))));
