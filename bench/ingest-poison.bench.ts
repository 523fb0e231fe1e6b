/**
 * Poison benchmark: is isolating bad events cheap? Three scenarios, each on a platform of its own
 * (fresh data folder, warmed up with a small clean run), in rounds whose order rotates:
 *
 * - clean:            N valid events through the collector (native requests of 100).
 * - poison at door:   the same, plus P one-event hostile requests through the collector (refused 400).
 * - poison in stream: the same N, plus P messages published straight to JetStream, bypassing the
 *                     door (as an older collector or another publisher could): half are one-event
 *                     messages whose event breaks the storable rule, half hide one such event among
 *                     99 valid ones, which must still be counted.
 *
 * Each figure is the time from the first request until the catalog counts every valid event at the
 * stream's last position (end to end: HTTP, JetStream, analytics, GraphQL). The ratio of each poison
 * scenario to the clean one in the same round is the figure that matters (aim: ≤ 1.2).
 *
 *   npm run bench:ingest-poison [-- --events=100000 --poison=10 --rounds=3 --concurrency=16]
 *
 * Prints the figures and one JSON line; asserts nothing (exit 1 only when something failed).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type CanonicalEvent, SUBJECTS } from '@fulcrum/contracts';
import { makeTempDir } from '@fulcrum/testing';
import { type Platform, createProject, openPlatform, sendAll, waitForCatalog } from './support/bench-platform';
import { machineInfo, round } from './support/machine';
import { eventName, eventProperties, eventTimestamp, nativeBodies } from './support/synthetic-events';

type Scenario = 'clean' | 'poison at door' | 'poison in stream';
const SCENARIOS: readonly Scenario[] = ['clean', 'poison at door', 'poison in stream'];

interface Options {
  events: number;
  poison: number;
  rounds: number;
  concurrency: number;
}

function parseOptions(argv: readonly string[]): Options {
  const values = new Map<string, number>();
  for (const a of argv) {
    const m = /^--(events|poison|rounds|concurrency)=(\d[\d_]*)$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a} (known: --events=N --poison=P --rounds=R --concurrency=C)`);
    values.set(m[1], Number(m[2].replace(/_/g, '')));
  }
  return { events: values.get('events') ?? 100_000, poison: values.get('poison') ?? 10, rounds: values.get('rounds') ?? 3, concurrency: values.get('concurrency') ?? 16 };
}

/** Hostile single-event bodies for the native door: each one is refused with a coded 400. */
function hostileBodies(count: number): Buffer[] {
  const kinds = [
    (id: string) => `{"events":[{"id":"${id}","event":"x","userId":"u","properties":{"k":"\\ud800"}}]}`,
    (id: string) => `{"sentAt":"0000-01-01T00:00:00+23:59","events":[{"id":"${id}","event":"x","userId":"u"}]}`,
    (id: string) => `{"events":[{"id":"${id}","event":"x","userId":"u","properties":{"n":1e400}}]}`,
    (id: string) => `{"events":[{"id":"${id}","event":"x","userId":"u","properties":${'{"a":'.repeat(200)}1${'}'.repeat(200)}}]}`,
  ];
  return Array.from({ length: count }, (_, i) => Buffer.from(kinds[i % kinds.length](`poison-${i}`)));
}

function validEvent(projectId: string, i: number): CanonicalEvent {
  const now = new Date().toISOString();
  return { id: randomUUID(), projectId, type: 'track', event: eventName(i), userId: `user-${i % 10_000}`, timestamp: eventTimestamp(i), receivedAt: now, properties: eventProperties(i), context: {} };
}

/**
 * JetStream payloads with one event the store cannot keep (as JSON text, so the hostile escapes
 * travel exactly as written), alone or among 99 valid events. Returns them and how many valid
 * events they carry.
 */
function poisonMessages(projectId: string, count: number, first: number): { payloads: Buffer[]; validEvents: number } {
  const bad = [
    (e: CanonicalEvent) => JSON.stringify({ ...e, properties: { k: 'x' } }).replace('"k":"x"', '"k":"\\udc00"'),
    (e: CanonicalEvent) => JSON.stringify({ ...e, timestamp: '-000001-12-31T00:01:00.000Z' }),
    (e: CanonicalEvent) => JSON.stringify({ ...e, properties: { n: 1 } }).replace('"n":1', '"n":1e400'),
    (e: CanonicalEvent) => JSON.stringify({ ...e, event: 'x' }).replace('"event":"x"', '"event":"x\\ud800"'),
    (e: CanonicalEvent) => JSON.stringify({ ...e, timestamp: '2026-02-30T00:00:00.000Z' }),
  ];
  const payloads: Buffer[] = [];
  let validEvents = 0;
  for (let i = 0; i < count; i++) {
    const poison = bad[i % bad.length](validEvent(projectId, first + i));
    const neighbours = i % 2 === 0 ? [] : Array.from({ length: 99 }, (_, k) => JSON.stringify(validEvent(projectId, first + i * 100 + k)));
    validEvents += neighbours.length;
    const events = [...neighbours.slice(0, 50), poison, ...neighbours.slice(50)];
    payloads.push(Buffer.from(`{"v":1,"batchId":"${randomUUID()}","projectId":"${projectId}","events":[${events.join(',')}]}`));
  }
  return { payloads, validEvents };
}

interface Figure {
  round: number;
  scenario: Scenario;
  seconds: number;
  validEvents: number;
  refusedRequests: number;
}

async function runScenario(p: Platform, opts: Options, scenario: Scenario, roundNo: number): Promise<Figure> {
  const project = await createProject(p, `${scenario} ${roundNo}`);
  const valid = nativeBodies(opts.events, 100, (roundNo + 1) * opts.events);
  const url = `${p.running.credentials.ingestUrl}/v1/events`;
  const hostile = scenario === 'poison at door' ? hostileBodies(opts.poison) : [];
  const stream = scenario === 'poison in stream' ? poisonMessages(project.projectId, opts.poison, (roundNo + 1) * opts.events) : { payloads: [], validEvents: 0 };
  const js = p.nc.jetstream();
  const started = performance.now();
  // The poison goes out while the valid requests flow: one item every N/P requests.
  const every = Math.max(1, Math.floor(valid.bodies.length / Math.max(1, opts.poison)));
  let refused = 0;
  const sideTraffic = (async () => {
    for (let i = 0; i < Math.max(hostile.length, stream.payloads.length); i++) {
      await new Promise((r) => setTimeout(r, 5 * every));
      if (hostile[i]) {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${project.writeKey}` }, body: hostile[i] });
        await res.text();
        if (res.status !== 400) throw new Error(`a hostile request got ${res.status}, expected 400`);
        refused += 1;
      }
      if (stream.payloads[i]) await js.publish(SUBJECTS.eventsAccepted, stream.payloads[i]);
    }
  })();
  const out = await sendAll(url, project.writeKey, valid.bodies, valid.sizes, opts.concurrency);
  await sideTraffic;
  if (out.failure) throw new Error(`${scenario}: ${out.failure}`);
  const expected = opts.events + stream.validEvents;
  const settled = await waitForCatalog(p, project.projectId, expected, await p.lastStreamSeq(), 50, 600_000);
  return { round: roundNo, scenario, seconds: round((settled.at - started) / 1000, 3), validEvents: expected, refusedRequests: refused };
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  const machine = machineInfo();
  console.log(`Poison benchmark: ${opts.events} valid events, ${opts.poison} poison items, ${opts.rounds} rounds, ${opts.concurrency} requests in flight`);
  console.log(`machine: ${JSON.stringify(machine)}`);
  const figures: Figure[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    for (let k = 0; k < SCENARIOS.length; k++) {
      const scenario = SCENARIOS[(k + r) % SCENARIOS.length];
      const dir = makeTempDir('fulcrum-bench-poison-');
      const p = await openPlatform(dir.path, undefined);
      try {
        // Warm-up (untimed): every code path once, on its own project.
        await runScenario(p, { ...opts, events: 2_000 }, 'clean', -1);
        const f = await runScenario(p, opts, scenario, r);
        figures.push(f);
        console.log(`  round ${r + 1}  ${scenario.padEnd(17)} ${f.seconds.toFixed(2).padStart(7)} s  (${f.validEvents} valid events counted${f.refusedRequests ? `, ${f.refusedRequests} hostile requests refused` : ''})`);
      } finally {
        await p.nc.close();
        await p.running.stop();
        dir.remove();
      }
    }
  }
  const median = (s: Scenario) => {
    const xs = figures.filter((f) => f.scenario === s).map((f) => f.seconds).sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)];
  };
  const ratios = Object.fromEntries(
    SCENARIOS.filter((s) => s !== 'clean').map((s) => [s, round(median(s) / median('clean'), 3)]),
  );
  console.log(`\nmedian seconds: ${SCENARIOS.map((s) => `${s} ${median(s)}`).join(', ')}`);
  console.log(`ratio to clean (median): ${JSON.stringify(ratios)}`);
  console.log(JSON.stringify({ bench: 'ingest-poison', machine, options: opts, figures, medians: Object.fromEntries(SCENARIOS.map((s) => [s, median(s)])), ratios }));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
