/**
 * Tracking-plan checker micro-benchmark: the CPU time the checker and the PII rules add to each
 * event, on the plan of the speed aim (issue 12: 100 event types × 10 properties, 3 required; see
 * `syntheticTrackingPlan` in @fulcrum/tracking-plan), next to a raw baseline measured in the same run
 * (`JSON.stringify` of the same properties, which ingest does at least once per event). In-process,
 * no services. Prints figures (human-readable, then one JSON line) and asserts nothing.
 *
 *   npm run bench:plan-checker [-- --events=200000 --rounds=7]
 *
 * Each figure is the median over the rounds of CPU time (user + system) ÷ events, events rotating
 * over the 100 event types and 100 prepared property objects:
 * - valid: `checkEvent` of valid posthog-node shaped events (10 properties + `$lib`, `$lib_version`);
 * - violating: `checkEvent` of events with 4 violations (missing, enum, type, unplanned property);
 * - unplanned: `checkEvent` of a name the plan does not define;
 * - redact: `pii.redactEvent` (one HASHed property: HMAC-SHA-256);
 * - compile: `compileTrackingPlan` of the whole plan (first in the process, then warm), and again
 *   with the previous version when one definition changed.
 */
import { type CompiledTrackingPlan, compileTrackingPlan, syntheticEventName, syntheticTrackingPlan, syntheticValidProperties, syntheticViolatingProperties } from '@fulcrum/tracking-plan';
import { machineInfo, round } from './support/machine';

interface Options {
  events: number;
  rounds: number;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { events: 200_000, rounds: 7 };
  for (const arg of argv) {
    const match = /^--(events|rounds)=([0-9_]+)$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg} (known: --events=N --rounds=N)`);
    const value = Number(match[2].replace(/_/g, ''));
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${match[1]} must be a positive integer`);
    options[match[1] as keyof Options] = value;
  }
  return options;
}

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** Median CPU µs per call of `work(i)` over the rounds, after one warm-up round. */
function perEvent(options: Options, work: (i: number) => unknown): number {
  const figures: number[] = [];
  let sink = 0;
  for (let round = 0; round <= options.rounds; round++) {
    const start = cpuMicros();
    for (let i = 0; i < options.events; i++) if (work(i)) sink++;
    if (round > 0) figures.push((cpuMicros() - start) / options.events);
  }
  if (sink < 0) console.log(sink); // keeps the calls from being optimised away
  figures.sort((a, b) => a - b);
  return figures[Math.floor(figures.length / 2)];
}

function millis(work: () => unknown): number {
  const start = cpuMicros();
  work();
  return (cpuMicros() - start) / 1000;
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const document = syntheticTrackingPlan();
  let plan: CompiledTrackingPlan | undefined;
  const firstCompileMs = millis(() => (plan = compileTrackingPlan(document, 1)));
  const warmCompileMs = millis(() => (plan = compileTrackingPlan(document, 1)));
  const changed = structuredClone(document);
  (changed.events[17].properties['properties'] as Record<string, unknown>)['p9'] = { type: 'string', maxLength: 20 };
  const recompileMs = millis(() => compileTrackingPlan(changed, 2, { previous: plan }));
  if (!plan) throw new Error('no plan compiled');
  const compiled = plan;

  const names = Array.from({ length: 100 }, (_, i) => syntheticEventName(i));
  const valid = Array.from({ length: 100 }, (_, i) => syntheticValidProperties(i));
  const violating = Array.from({ length: 100 }, (_, i) => syntheticViolatingProperties(i));
  const secret = Buffer.alloc(32, 42);
  // Sanity: the workload is what it claims (a wrong answer would make the figures meaningless).
  if (compiled.checkEvent(names[3], valid[5]).length !== 0 || compiled.checkEvent(names[3], violating[5]).length !== 4) throw new Error('the synthetic workload does not check as documented');

  const baselineUs = perEvent(options, (i) => JSON.stringify(valid[i % 100]).length);
  const validUs = perEvent(options, (i) => compiled.checkEvent(names[i % 100], valid[(i * 7) % 100]).length);
  const violatingUs = perEvent(options, (i) => compiled.checkEvent(names[i % 100], violating[(i * 7) % 100]).length);
  const unplannedUs = perEvent(options, (i) => compiled.checkEvent('Not In The Plan', valid[i % 100]).length);
  const redactUs = perEvent(options, (i) => compiled.pii.redactEvent(names[i % 100], valid[(i * 7) % 100], secret) !== valid[0]);

  const machine = machineInfo();
  console.log(`tracking-plan checker: plan of 100 event types × 10 properties, ${options.events} events × ${options.rounds} rounds (median CPU µs/event)`);
  console.log(`  machine: ${machine.cpuModel}, ${machine.cpuCount} cores, Node ${machine.node}`);
  console.log(`  baseline JSON.stringify(properties): ${baselineUs.toFixed(3)} µs`);
  console.log(`  checkEvent, valid event:             ${validUs.toFixed(3)} µs`);
  console.log(`  checkEvent, 4 violations:            ${violatingUs.toFixed(3)} µs`);
  console.log(`  checkEvent, unplanned name:          ${unplannedUs.toFixed(3)} µs`);
  console.log(`  pii.redactEvent, 1 HASHed property:  ${redactUs.toFixed(3)} µs`);
  console.log(`  compileTrackingPlan: first ${firstCompileMs.toFixed(0)} ms, warm ${warmCompileMs.toFixed(0)} ms, one definition changed with previous ${recompileMs.toFixed(1)} ms (CPU)`);
  console.log(
    `\n${JSON.stringify({
      bench: 'tracking-plan-checker',
      events: options.events,
      rounds: options.rounds,
      machine,
      microsPerEvent: { baselineStringify: round(baselineUs, 3), valid: round(validUs, 3), violating: round(violatingUs, 3), unplanned: round(unplannedUs, 3), redact: round(redactUs, 3) },
      compileMs: { first: round(firstCompileMs, 1), warm: round(warmCompileMs, 1), oneChangedWithPrevious: round(recompileMs, 1) },
    })}`,
  );
}

main();
