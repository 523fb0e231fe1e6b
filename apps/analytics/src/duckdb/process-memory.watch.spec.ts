import { DuckDbDatabase } from './duckdb.database';

const GIB = 1024 ** 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('DuckDbDatabase.watchProcessMemory', () => {
  let db: DuckDbDatabase;
  let rss = 0;

  beforeEach(async () => {
    db = await DuckDbDatabase.open(':memory:', { memoryLimitBytes: GIB, processMemoryCeilingBytes: 2 * GIB });
    db.watchProcessMemory(10, () => rss);
  });
  afterEach(() => db.close());

  /** A sandbox-like read that runs until interrupted; resolves with whether it was told to yield. */
  function longRead(): { yielded: () => boolean; done: Promise<unknown> } {
    let yielded = false;
    const done = db
      .readYielding(
        (c) => c.run('SELECT count(*) FROM range(100000000000) a'),
        () => (yielded = true),
      )
      .catch((error: unknown) => error);
    return { yielded: () => yielded, done };
  }

  it('leaves running queries alone under the ceiling', async () => {
    rss = 2 * GIB;
    const read = longRead();
    await sleep(100);
    expect(read.yielded()).toBe(false);
    rss = 3 * GIB;
    await read.done;
  });

  it('stops the running queries when the process passes its memory ceiling', async () => {
    rss = 100;
    const read = longRead();
    await sleep(50);
    rss = 2 * GIB + 1;
    const outcome = await read.done;
    expect(read.yielded()).toBe(true);
    expect(String(outcome)).toMatch(/interrupt/i);
  });

  it('derives the ceiling from memory_limit when not given (1.5 × + 1 GiB)', async () => {
    const other = await DuckDbDatabase.open(':memory:', { memoryLimitBytes: 2 * GIB });
    expect(other.limits.processMemoryCeilingBytes).toBe(4 * GIB);
    other.close();
  });
});
