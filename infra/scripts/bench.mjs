// `npm run bench:<name>`: build, then run bench/<name>.bench.ts from dist/. Benchmarks print
// figures next to a raw baseline measured in the same run, and the machine; they assert nothing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build, ensureNatsServer, ensureNodeModules, root } from './ensure-tools.mjs';

const name = process.argv[2];
if (!name || !/^[a-z-]+$/.test(name)) {
  console.error('usage: node infra/scripts/bench.mjs <name>   (runs bench/<name>.bench.ts)');
  process.exit(2);
}
ensureNodeModules();
ensureNatsServer();
build();
const entry = join(root, 'dist', 'bench', `${name}.bench.js`);
if (!existsSync(entry)) {
  console.error(`no benchmark named ${name} (expected bench/${name}.bench.ts)`);
  process.exit(2);
}
const result = spawnSync(process.execPath, ['--enable-source-maps', entry, ...process.argv.slice(3)], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
