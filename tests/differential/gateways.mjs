// Several @apollo/gateway instances in one process, for differential tests.
// usage: node gateways.mjs --config FILE --port N
// FILE: {"NAME": "path/to/supergraph.graphql", ...}; serves POST /NAME/graphql and GET /health
// on 127.0.0.1 and answers with the gateway's single result (HTTP status 200).
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";

const require = createRequire(new URL("../reference/package.json", import.meta.url));
const { ApolloGateway } = require("@apollo/gateway");
const { ApolloServer } = require("@apollo/server");

const { values } = parseArgs({ options: { config: { type: "string" }, port: { type: "string" } } });
const config = JSON.parse(readFileSync(values.config, "utf8"));
const servers = {};
for (const [name, path] of Object.entries(config)) {
  const gateway = new ApolloGateway({ supergraphSdl: readFileSync(path, "utf8") });
  const server = new ApolloServer({ gateway, includeStacktraceInErrorResponses: false });
  await server.start();
  servers[name] = server;
}

const http = createServer(async (req, res) => {
  if (req.method === "GET" && req.url === "/health") {
    res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    return;
  }
  const match = /^\/([^/]+)\/graphql$/.exec(req.url ?? "");
  const server = match && servers[match[1]];
  if (req.method !== "POST" || !server) {
    res.writeHead(404).end();
    return;
  }
  let body = "";
  for await (const chunk of req) body += chunk;
  const { query, variables, operationName } = JSON.parse(body);
  try {
    const response = await server.executeOperation({ query, variables, operationName });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(response.body.singleResult));
  } catch (e) {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ crash: String(e) }));
  }
});
http.listen(Number(values.port), "127.0.0.1");
for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, () =>
    Promise.all(Object.values(servers).map((s) => s.stop())).finally(() => process.exit(0)),
  );
}
