import { LAST_USED_WRITE_INTERVAL_MS, WriteKeyUsageRecorder } from './write-key-usage.recorder';

describe('WriteKeyUsageRecorder', () => {
  it('writes the first use at once, then at most once a minute per key', async () => {
    let now = 1_700_000_000_000;
    const writes: Array<[string, number]> = [];
    const recorder = new WriteKeyUsageRecorder(
      async (id, at) => {
        writes.push([id, at.getTime()]);
      },
      () => undefined,
      () => now,
    );
    recorder.record('a');
    recorder.record('a');
    recorder.record('b');
    now += LAST_USED_WRITE_INTERVAL_MS - 1;
    recorder.record('a');
    now += 1;
    recorder.record('a');
    await recorder.flush();
    expect(writes).toEqual([
      ['a', 1_700_000_000_000],
      ['b', 1_700_000_000_000],
      ['a', 1_700_000_000_000 + LAST_USED_WRITE_INTERVAL_MS],
    ]);
  });

  it('never fails the caller: a failed write is handed to onError', async () => {
    const errors: unknown[] = [];
    const recorder = new WriteKeyUsageRecorder(
      () => Promise.reject(new Error('database down')),
      (e) => errors.push(e),
    );
    expect(() => recorder.record('a')).not.toThrow();
    await recorder.flush();
    expect(errors).toEqual([new Error('database down')]);
  });

  it('flush waits for writes in progress', async () => {
    let release!: () => void;
    let done = false;
    const recorder = new WriteKeyUsageRecorder(
      () =>
        new Promise<void>((r) => {
          release = () => {
            done = true;
            r();
          };
        }),
      () => undefined,
    );
    recorder.record('a');
    const flushed = recorder.flush();
    release();
    await flushed;
    expect(done).toBe(true);
  });
});
