// Compiles every app and lib with tsc into dist/ (incremental) and rewrites the @fulcrum/* path
// aliases to relative requires, so `node dist/apps/<app>/src/main.js` runs without a bundler.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build failed: ${cmd} ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

run(bin('tsc'), ['-p', 'tsconfig.build.json']);
run(bin('tsc-alias'), ['-p', 'tsconfig.build.json']);
