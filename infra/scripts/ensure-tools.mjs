// What `npm run up` and `npm test` need on a fresh machine with only Node and npm:
// node_modules (npm install) and nats-server (Debian's package when root, else a one-line instruction).
// Plain Node, no dependencies: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
  return result.status === 0;
}

export function ensureNodeModules() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const stale = !existsSync(marker) || statSync(join(root, 'package.json')).mtimeMs > statSync(marker).mtimeMs;
  if (!stale) return;
  console.log('[setup] installing npm dependencies (npm install)…');
  // `npm install`, not `npm ci`: lockfiles made on Linux lack other platforms' optional binaries.
  if (!run('npm', ['install', '--no-audit', '--no-fund'], { env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' } })) {
    console.error('[setup] npm install failed');
    process.exit(1);
  }
}

export function findNatsServer() {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/opt/homebrew/bin'];
  return dirs.map((d) => join(d, 'nats-server')).find((p) => isFile(p));
}

function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export function ensureNatsServer() {
  if (findNatsServer()) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    console.log("[setup] installing Debian's nats-server package…");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq'], { env }) && run('apt-get', ['install', '-y', '-qq', 'nats-server'], { env }) && findNatsServer()) return;
    console.error('[setup] could not install nats-server with apt-get');
    process.exit(1);
  }
  console.error(
    'nats-server is missing: install it (Debian/Ubuntu: `sudo apt-get install nats-server`, macOS: `brew install nats-server`) or set NATS_URL to a running NATS server with JetStream.',
  );
  process.exit(1);
}

export function build() {
  if (!run(process.execPath, [join(root, 'infra', 'scripts', 'build.mjs')])) process.exit(1);
}
