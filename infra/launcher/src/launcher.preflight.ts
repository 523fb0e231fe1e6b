import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { isAlive } from './launcher.lock';
import { REPLICA_VARIABLES, type ReplicaPlan, describeReplica, planReplicas } from './launcher.replicas';
import type { PlatformOptions } from './platform.launcher';

/**
 * Refuses to start when a port is taken: otherwise our services could join another instance's
 * NATS or answer health checks with someone else's processes. Every replica's port is checked.
 */
export async function assertPortsFree(options: PlatformOptions, plan: ReplicaPlan = planReplicas(options)): Promise<void> {
  const ports: Array<[string, number, string]> = [...plan.ingest, ...plan.gateway].map((r) => [describeReplica(r), r.port, REPLICA_VARIABLES[r.service].port]);
  if (!options.natsUrl) ports.push(['nats-server', options.natsPort, 'FULCRUM_NATS_PORT']);
  for (const [what, port, variable] of ports) {
    if (!(await isFree(options.host, port))) {
      throw new Error(`port ${port} (${what}) on ${options.host} is in use: is another Fulcrum running? Stop it or set ${variable}.`);
    }
  }
}

function isFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * A nats-server left behind by a launcher that was killed outright (we hold the data folder's lock,
 * so no live launcher owns it): stop it before starting ours on the same store.
 */
export async function stopStaleNats(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0 || !isNatsServer(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function isNatsServer(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('nats-server');
  } catch {
    return false;
  }
}
