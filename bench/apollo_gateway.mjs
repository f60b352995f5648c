// Apollo Gateway (the reference router) serving a supergraph file, for the gateway benchmark.
// usage: node apollo_gateway.mjs --supergraph FILE --port N
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";

const { values } = parseArgs({
  options: { supergraph: { type: "string" }, port: { type: "string" } },
});
const gateway = new ApolloGateway({ supergraphSdl: readFileSync(values.supergraph, "utf8") });
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(values.port) },
});
console.log(`apollo gateway ready at ${url}`);
for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, () => server.stop().finally(() => process.exit(0)));
}
