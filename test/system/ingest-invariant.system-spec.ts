/**
 * The collector's first promise, under hostile input: "a 2xx means the event is persisted and will
 * be counted, exactly once". A few thousand generated requests (fast-check, every front door,
 * valid and hostile mixed) go to the whole platform over real HTTP; then the ids counted in DuckDB
 * must be exactly the ids acknowledged. What is generated and checked: support/ingest-invariant.runner.ts
 * and support/hostile-payload.arbitraries.ts. The long run is `npm run fuzz:ingest`.
 *
 * FULCRUM_FUZZ_SEED replays a run (the seed is printed), FULCRUM_FUZZ_REQUESTS changes its size.
 */
import { type Harness, startHarness } from './platform.harness';
import { CATEGORY_TITLES, formatReport, runIngestInvariant, targetFromPlatform } from './support/ingest-invariant.runner';

const REQUESTS = Number(process.env['FULCRUM_FUZZ_REQUESTS'] ?? 3000);
const SEED = process.env['FULCRUM_FUZZ_SEED'] !== undefined ? Number(process.env['FULCRUM_FUZZ_SEED']) : Math.floor(Math.random() * 2 ** 31);
/** Platform start, a few thousand requests on 2 cores, settling and reading DuckDB: well under this. */
const TIMEOUT_MS = 240_000;

describe('the collector: a 2xx means stored and counted exactly once, whatever the input', () => {
  let h: Harness | undefined;
  let platformStopped = false;

  beforeAll(async () => {
    h = await startHarness();
  }, TIMEOUT_MS);

  afterAll(async () => {
    if (!h) return;
    if (platformStopped) h.dir.remove();
    else await h.stop();
  }, TIMEOUT_MS);

  it(
    'answers every request with a 2xx or a coded 4xx, and stores exactly the acknowledged events',
    async () => {
      const harness = h as Harness;
      const target = targetFromPlatform(harness.platform, harness.dir.path, (timeoutMs) => harness.settledCatalog(timeoutMs));
      const report = await runIngestInvariant(target, { requests: REQUESTS, seed: SEED, concurrency: 8, settleTimeoutMs: 60_000 });
      await harness.platform.stop();
      platformStopped = true;

      const text = formatReport(report, `FULCRUM_FUZZ_SEED=${SEED} FULCRUM_FUZZ_REQUESTS=${REQUESTS} npx jest test/system/ingest-invariant.system-spec.ts --selectProjects system`);
      process.stdout.write(`\n${text}\n`);

      // Every door and route was exercised, with plenty of acknowledged and refused events.
      expect(report.missingRoutes).toEqual([]);
      expect(report.events.acknowledged).toBeGreaterThan(REQUESTS);
      expect(report.events.refused).toBeGreaterThan(REQUESTS / 10);
      // The promise. On failure the received value is the whole report: findings, lost ids with
      // their causes, and the seed to replay it.
      const broken = Object.entries(report.counts).filter(([, n]) => n > 0);
      expect(broken.length === 0 ? [] : [`${broken.map(([c, n]) => `${c} ${n} (${CATEGORY_TITLES[c as keyof typeof CATEGORY_TITLES]})`).join('; ')}`, ...text.split('\n')]).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
