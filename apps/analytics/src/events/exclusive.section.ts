/**
 * A promise-chain mutex: `run` calls start one after another, each after the previous one settled
 * (fulfilled or rejected). Costs one promise per call; no timers, no polling.
 */
export class ExclusiveSection {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    // The next caller waits for this one to settle, whatever its outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
