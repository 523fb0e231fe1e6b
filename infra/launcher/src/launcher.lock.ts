import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One launcher per data folder: embedded PostgreSQL and DuckDB files must have a single owner.
 * A stale lock (its process is gone) is taken over.
 */
export function acquireLock(dataDir: string): () => void {
  const path = join(dataDir, 'launcher.pid');
  if (existsSync(path)) {
    const pid = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new Error(`Fulcrum is already running from ${dataDir} (launcher pid ${pid}); stop it first.`);
    }
  }
  writeFileSync(path, String(process.pid));
  return () => rmSync(path, { force: true });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
