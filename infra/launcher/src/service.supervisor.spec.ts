import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@fulcrum/testing';
import { SupervisedProcess } from './service.supervisor';

describe('SupervisedProcess', () => {
  it('restarts a child that dies, logs it, and stops for good on stop()', async () => {
    const dir = makeTempDir();
    const p = new SupervisedProcess({
      name: 'flaky',
      command: process.execPath,
      args: ['-e', 'console.log("up"); setTimeout(() => process.exit(3), 50)'],
      env: { PATH: process.env['PATH'] },
      logFile: join(dir.path, 'flaky.log'),
      quiet: true,
    });
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      p.start();
      const deadline = Date.now() + 10_000;
      while (p.restarts < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(p.restarts).toBeGreaterThanOrEqual(1);
      await p.stop();
      const restartsAtStop = p.restarts;
      await new Promise((r) => setTimeout(r, 1_200));
      expect(p.restarts).toBe(restartsAtStop);
      const log = readFileSync(join(dir.path, 'flaky.log'), 'utf8');
      expect(log).toContain('up');
      expect(log).toMatch(/flaky exited \(code 3\); restarting in 500 ms/);
    } finally {
      write.mockRestore();
      dir.remove();
    }
  });
});
