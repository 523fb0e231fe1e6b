import { runPaths } from '../../src/insights/paths/paths.engine';
import { InsightTestDb } from './support/insight-test-db';

describe('paths smoke', () => {
  let db: InsightTestDb;
  beforeAll(async () => { db = await InsightTestDb.create(); });
  afterAll(() => db.close());
  it('runs', async () => {
    const p = await db.insert([
      { id: '1', event: 'A', distinctId: 'u1', timestamp: '2026-01-01T10:00:00Z' },
      { id: '2', event: 'B', distinctId: 'u1', timestamp: '2026-01-01T10:01:00Z' },
      { id: '3', event: 'C', distinctId: 'u1', timestamp: '2026-01-01T10:02:00Z' },
      { id: '4', event: 'A', distinctId: 'u2', timestamp: '2026-01-01T10:00:00Z' },
      { id: '5', event: 'B', distinctId: 'u2', timestamp: '2026-01-01T10:40:00Z' },
    ]);
    const r = await db.read((runner) => runPaths(runner, db.scope(p), { event: 'A', depth: 3, dateRange: { from: '2026-01-01', to: '2026-01-02' } }));
    console.log(JSON.stringify(r, null, 1));
  });
});
