// `npm run up`: install what is missing, build, and start the whole platform (see README).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build, ensureNatsServer, ensureNodeModules, root } from './ensure-tools.mjs';

ensureNodeModules();
if (!process.env.NATS_URL) ensureNatsServer();
build();

const launcher = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist', 'infra', 'launcher', 'src', 'main.js')], {
  stdio: 'inherit',
  cwd: root,
  env: process.env,
});
// The launcher handles Ctrl-C / SIGTERM itself (it stops every service); just pass them on.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => launcher.kill(signal));
launcher.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
