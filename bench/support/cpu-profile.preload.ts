/**
 * CPU profiling of the timed window only, for `ingest.bench --cpu-prof=DIR`.
 *
 * Preloaded into each service (NODE_OPTIONS=--require; Node 20 refuses --cpu-prof there). The first
 * SIGUSR2 starts the inspector's sampling profiler on the main thread, the next one stops it and
 * writes `<DIR>/<service>.<pid>.cpuprofile` (open it in Chrome DevTools or speedscope). The bench
 * sends the signals right before the first timed request and once the catalog has settled, so
 * start-up (PGlite initdb, Nest bootstrap) is not in the profile. Only the main thread is sampled:
 * DuckDB's and libuv's worker threads are not (compare with the per-process CPU the bench prints).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { basename, dirname, join } from 'node:path';

export interface Profiler {
  stop(file: string): void;
}

/** Starts sampling this process's main thread (1 ms interval). */
export function startProfiler(): Profiler {
  const session = new Session();
  session.connect();
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.enable');
  session.post('Profiler.start');
  return {
    stop(file) {
      // In-process inspector sessions dispatch synchronously.
      session.post('Profiler.stop', (error, result) => {
        if (!error) writeFileSync(file, JSON.stringify(result.profile));
        session.disconnect();
      });
    },
  };
}

const dir = process.env['FULCRUM_BENCH_CPU_PROF_DIR'];
if (dir && require.main !== module && process.argv[1]?.endsWith('main.js')) {
  // dist/apps/<service>/src/main.js → <service>
  const service = basename(dirname(dirname(process.argv[1])));
  let running: Profiler | undefined;
  process.on('SIGUSR2', () => {
    if (running) {
      running.stop(join(dir, `${service}.${process.pid}.cpuprofile`));
      running = undefined;
    } else {
      running = startProfiler();
    }
  });
}
