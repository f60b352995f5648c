// Compose subgraphs with @apollo/composition (the reference).
// stdin: {"subgraphs": [{"name": ..., "url": ..., "sdl": ...}, ...]}
// stdout: {"ok": bool, "supergraphSdl": str|null, "apiSchemaSdl": str|null,
//          "errors": [{"code", "message"}], "hints": [{"code", "message"}]}
import { composeServices } from "@apollo/composition";
import { printSchema, parse } from "graphql";
import { readFileSync } from "node:fs";

const input = JSON.parse(readFileSync(0, "utf8"));
let out;
try {
  const services = input.subgraphs.map((s) => ({
    name: s.name,
    url: s.url ?? `http://${s.name}/graphql`,
    typeDefs: parse(s.sdl),
  }));
  const result = composeServices(services);
  if (result.errors) {
    out = {
      ok: false,
      supergraphSdl: null,
      apiSchemaSdl: null,
      errors: result.errors.map((e) => ({ code: e.extensions?.code ?? "UNKNOWN", message: e.message })),
      hints: [],
    };
  } else {
    out = {
      ok: true,
      supergraphSdl: result.supergraphSdl,
      apiSchemaSdl: printSchema(result.schema.toAPISchema().toGraphQLJSSchema()),
      errors: [],
      hints: (result.hints ?? []).map((h) => ({ code: h.definition.code, message: h.message })),
    };
  }
} catch (e) {
  out = { ok: false, supergraphSdl: null, apiSchemaSdl: null, errors: [{ code: "EXCEPTION", message: String(e?.message ?? e) }], hints: [] };
}
process.stdout.write(JSON.stringify(out));
