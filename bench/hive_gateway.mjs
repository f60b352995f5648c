// Hive Gateway serving a supergraph file, for the gateway benchmark.
// usage: node hive_gateway.mjs --supergraph FILE --port N [--inbound-dedup]
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { createGatewayRuntime } from "@graphql-hive/gateway";

const { values } = parseArgs({
  options: {
    supergraph: { type: "string" },
    port: { type: "string" },
    "inbound-dedup": { type: "boolean", default: false },
  },
});
const gateway = createGatewayRuntime({
  supergraph: values.supergraph,
  logging: "error",
  inboundInflightRequestDeduplication: values["inbound-dedup"],
});
const server = createServer(gateway);
server.listen(Number(values.port), "127.0.0.1", () => {
  console.log(`hive gateway ready at http://127.0.0.1:${values.port}${gateway.graphqlEndpoint}`);
});
for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, () => {
    server.close();
    gateway.dispose().finally(() => process.exit(0));
  });
}
