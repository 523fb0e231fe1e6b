import { resolve } from 'node:path';
import { loadLauncherOptions } from './launcher.env';

describe('loadLauncherOptions', () => {
  it('defaults to one ingest and one gateway on 8100 and 8000', () => {
    expect(loadLauncherOptions({}, '/repo')).toMatchObject({
      dataDir: resolve('/repo', '.fulcrum'),
      ingestPort: 8100,
      gatewayPort: 8000,
      ingestReplicas: 1,
      gatewayReplicas: 1,
      serviceEnv: {},
    });
  });

  it('reads FULCRUM_INGEST_REPLICAS and FULCRUM_GATEWAY_REPLICAS and passes the database URLs on', () => {
    const options = loadLauncherOptions(
      {
        FULCRUM_INGEST_REPLICAS: '2',
        FULCRUM_GATEWAY_REPLICAS: '3',
        FULCRUM_INGEST_DATABASE_URL: 'postgres://db/ingest',
        FULCRUM_GATEWAY_DATABASE_URL: 'postgres://db/gateway',
      },
      '/repo',
    );
    expect(options).toMatchObject({ ingestReplicas: 2, gatewayReplicas: 3 });
    expect(options.serviceEnv).toEqual({ FULCRUM_INGEST_DATABASE_URL: 'postgres://db/ingest', FULCRUM_GATEWAY_DATABASE_URL: 'postgres://db/gateway' });
  });

  it('refuses a replica count that is not a whole number from 1 to 16, naming the variable', () => {
    expect(() => loadLauncherOptions({ FULCRUM_INGEST_REPLICAS: '0' }, '/repo')).toThrow('FULCRUM_INGEST_REPLICAS must be a positive integer, got "0"');
    expect(() => loadLauncherOptions({ FULCRUM_GATEWAY_REPLICAS: 'two' }, '/repo')).toThrow('FULCRUM_GATEWAY_REPLICAS must be a positive integer, got "two"');
    expect(() => loadLauncherOptions({ FULCRUM_GATEWAY_REPLICAS: '17' }, '/repo')).toThrow('FULCRUM_GATEWAY_REPLICAS must be at most 16, got "17"');
  });
});
