// Times @apollo/composition's composeServices (SDL parse included) on many inputs in one
// process, so node start-up is not measured.
// usage: node compose_apollo.mjs --inputs FILE [--warmup N] [--repeat N]
// FILE: [{"id", "subgraphs": [{"name", "url", "sdl"}]}]
// stdout: {"results": [{"id", "ok", "errors", "ms": [...], "cpu_ms": [...], "hwm_before_kib",
//          "hwm_after_kib"}]}
// cpu_ms: user + system CPU of the whole process (all threads: V8's GC and compiler helpers too).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";

const { values } = parseArgs({
  options: {
    inputs: { type: "string" },
    warmup: { type: "string", default: "1" },
    repeat: { type: "string", default: "3" },
  },
});
const warmup = Number(values.warmup);
const repeat = Number(values.repeat);

function vmHwmKib() {
  const m = readFileSync("/proc/self/status", "utf8").match(/^VmHWM:\s+(\d+)/m);
  return m ? Number(m[1]) : null;
}

function composeOnce(input) {
  try {
    const services = input.subgraphs.map((s) => ({
      name: s.name,
      url: s.url,
      typeDefs: parse(s.sdl),
    }));
    const result = composeServices(services);
    return result.errors ? { ok: false, errors: result.errors.length } : { ok: true, errors: 0 };
  } catch (e) {
    return { ok: false, errors: 1, exception: String(e?.message ?? e).slice(0, 200) };
  }
}

const inputs = JSON.parse(readFileSync(values.inputs, "utf8"));
const results = [];
for (const input of inputs) {
  const hwmBefore = vmHwmKib();
  let outcome;
  for (let i = 0; i < warmup; i++) outcome = composeOnce(input);
  const ms = [];
  const cpuMs = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    outcome = composeOnce(input);
    const c1 = process.cpuUsage(c0);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    cpuMs.push((c1.user + c1.system) / 1e3);
  }
  results.push({
    id: input.id,
    ...outcome,
    ms,
    cpu_ms: cpuMs,
    hwm_before_kib: hwmBefore,
    hwm_after_kib: vmHwmKib(),
  });
}
process.stdout.write(JSON.stringify({ results }));
