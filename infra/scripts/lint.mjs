// `npm run lint`: ESLint (with Nx module boundaries) for every project, through Nx.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureNodeModules, root } from './ensure-tools.mjs';

ensureNodeModules();
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };
const result = spawnSync(join(root, 'node_modules', '.bin', 'nx'), ['run-many', '-t', 'lint', '--outputStyle=static'], { stdio: 'inherit', cwd: root, env });
process.exit(result.status ?? 1);
