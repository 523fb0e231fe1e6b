import { type RunningNatsServer, startNatsServer } from '@fulcrum/messaging';
import { freePort } from './free-port';
import { makeTempDir } from './temp-dir';

export interface TestNats extends RunningNatsServer {
  dataDir: string;
}

/** A real `nats-server -js` on a free port with a throw-away store; `stop()` removes the store. */
export async function startTestNats(): Promise<TestNats> {
  const dir = makeTempDir('fulcrum-nats-');
  const server = await startNatsServer({ port: await freePort(), dataDir: dir.path });
  return {
    ...server,
    dataDir: dir.path,
    async stop() {
      await server.stop();
      dir.remove();
    },
  };
}
