// `npm test`: install what is missing, build, lint (Nx, module boundaries), then the unit,
// integration and system tiers against real nats-server / PostgreSQL (PGlite, plus the server in
// FULCRUM_TEST_DATABASE_URL when set) / DuckDB. Ends with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, ensureNatsServer, ensureNodeModules, root } from './ensure-tools.mjs';

ensureNodeModules();
ensureNatsServer();
build();

const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() };
const bin = (name) => join(root, 'node_modules', '.bin', name);

console.log('\n== lint (nx run-many -t lint) ==');
const lint = spawnSync(process.execPath, [join(root, 'infra', 'scripts', 'lint.mjs')], { stdio: 'inherit', cwd: root, env });
if (lint.status !== 0) {
  console.error('lint failed');
  process.exit(1);
}

const reports = mkdtempSync(join(tmpdir(), 'fulcrum-jest-'));
let passed = 0;
let failed = 0;
let ok = true;
for (const tier of ['unit', 'integration', 'system']) {
  console.log(`\n== ${tier} tests ==`);
  const out = join(reports, `${tier}.json`);
  // Integration and system tests start servers: run their files one at a time on this 2-core machine.
  const args = ['--selectProjects', tier, '--json', `--outputFile=${out}`, '--forceExit', '--passWithNoTests', ...(tier === 'unit' ? [] : ['--runInBand']), ...process.argv.slice(2)];
  const result = spawnSync(bin('jest'), args, { stdio: 'inherit', cwd: root, env });
  try {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
    // A tier that runs nothing is a failure, unless the caller filtered (`npm test -- <pattern>`).
    if (report.numTotalTests === 0 && process.argv.length <= 2) {
      console.error(`no ${tier} tests ran`);
      ok = false;
    }
  } catch {
    console.error(`no report from the ${tier} tier`);
    failed += 1;
  }
  if (result.status !== 0) ok = false;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
