// The reference router (@apollo/gateway) over a supergraph file, for end-to-end subgraph tests.
// usage: node reference_gateway.mjs --supergraph FILE --port N
// Serves GET /health and POST /graphql on 127.0.0.1; forwards x-user-id, x-request-id and
// traceparent to the subgraphs, as the Switchyard router is meant to.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";

// The npm packages are installed under tests/reference.
const require = createRequire(new URL("../reference/package.json", import.meta.url));
const { ApolloGateway, RemoteGraphQLDataSource } = require("@apollo/gateway");
const { ApolloServer } = require("@apollo/server");

const FORWARDED = ["x-user-id", "x-request-id", "traceparent"];
const { values } = parseArgs({ options: { supergraph: { type: "string" }, port: { type: "string" } } });

const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(values.supergraph, "utf8"),
  buildService: ({ url }) =>
    new RemoteGraphQLDataSource({
      url,
      willSendRequest({ request, context }) {
        for (const name of FORWARDED) {
          if (context.headers?.[name]) request.http.headers.set(name, context.headers[name]);
        }
      },
    }),
});
const apollo = new ApolloServer({ gateway });
await apollo.start();

const http = createServer(async (req, res) => {
  if (req.method === "GET" && req.url === "/health") {
    res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    return;
  }
  if (req.method !== "POST" || req.url !== "/graphql") {
    res.writeHead(404).end();
    return;
  }
  let body = "";
  for await (const chunk of req) body += chunk;
  const { query, variables, operationName } = JSON.parse(body);
  const response = await apollo.executeOperation(
    { query, variables, operationName },
    { contextValue: { headers: req.headers } },
  );
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(response.body.singleResult));
});
http.listen(Number(values.port), "127.0.0.1");
for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, () => apollo.stop().finally(() => process.exit(0)));
}
