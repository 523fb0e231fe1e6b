import { performance } from 'node:perf_hooks';
import { DuckDbDatabase } from '../../src/duckdb/duckdb.database';
import { connectionRunner, type SqlRunner } from '../../src/insights/core/sql-runner';
import { runPaths } from '../../src/insights/paths/paths.engine';
import { runPropertyCatalog } from '../../src/insights/property-catalog/property-catalog.engine';
import { loadavg } from 'node:os';

it('measures paths and catalog at 10M events', async () => {
  const db = await DuckDbDatabase.open('/tmp/paths-perf.duckdb');
  const scope = { projectId: 'perf', dataVersion: BigInt(Number.MAX_SAFE_INTEGER), timeZone: 'UTC' };
  const time = async (label: string, fn: (r: SqlRunner) => Promise<unknown>) => {
    for (let k = 0; k < 1; k += 1) {
      const cpu = process.cpuUsage();
      const t = performance.now();
      const r = await db.read((c) => fn(connectionRunner(c)));
      console.log(`${label} run ${k + 1}: ${((performance.now() - t) / 1000).toFixed(2)} s wall, ${(((u) => (u.user + u.system) / 1e6)(process.cpuUsage(cpu))).toFixed(1)} s CPU (load ${loadavg()[0]?.toFixed(1)})`, JSON.stringify(r).slice(0, 120));
    }
  };
  const range = { from: '2026-11-01', to: '2026-11-30' };
  await time('paths NEXT depth 5 fanout 10', (r) => runPaths(r, scope, { event: 'Product Viewed', depth: 5, dateRange: range }));
  await time('paths PREVIOUS depth 10 fanout 3', (r) => runPaths(r, scope, { event: 'Order Completed', depth: 10, fanout: 3, direction: 'PREVIOUS', dateRange: range }));
  await time('paths NEXT depth 3 anchorFilter plan=pro', (r) => runPaths(r, scope, { event: 'Product Viewed', depth: 3, anchorFilters: [{ property: 'plan', operator: 'eq', value: 'pro' }], dateRange: range }));
  await time('catalog all events', (r) => runPropertyCatalog(r, scope, {}));
  await time('catalog one event', (r) => runPropertyCatalog(r, scope, { event: 'Product Viewed' }));
  await time('catalog one day', (r) => runPropertyCatalog(r, scope, { dateRange: { from: '2026-11-02', to: '2026-11-02' } }));
  db.close();
}, 3_600_000);
