import { createServer } from 'node:net';
import { freePort } from '@fulcrum/testing';
import { assertPortsFree } from './launcher.preflight';

describe('assertPortsFree', () => {
  it('names the busy port and the variable that moves it', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as { port: number }).port;
    const options = { rootDir: '.', dataDir: '.', host: '127.0.0.1', natsPort: await freePort(), ingestPort: await freePort(), gatewayPort: port };
    try {
      await expect(assertPortsFree(options)).rejects.toThrow(`port ${port} (gateway) on 127.0.0.1 is in use`);
      await expect(assertPortsFree(options)).rejects.toThrow('FULCRUM_GATEWAY_PORT');
      await expect(assertPortsFree({ ...options, gatewayPort: await freePort() })).resolves.toBeUndefined();
    } finally {
      busy.close();
    }
  });
});
