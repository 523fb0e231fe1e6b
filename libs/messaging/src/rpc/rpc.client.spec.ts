import type { ClientProxy } from '@nestjs/microservices';
import { NEVER, throwError } from 'rxjs';
import { DomainError, RPC } from '@fulcrum/contracts';
import { RpcClient, serviceOf } from './rpc.client';

const proxy = (send: () => unknown) => ({ send }) as unknown as ClientProxy;

describe('RpcClient', () => {
  it('answers SERVICE_UNAVAILABLE naming the service, never the internal subject, when nobody answers in time', async () => {
    const client = new RpcClient(proxy(() => NEVER), 20);
    const error = (await client.request(RPC.analyticsSqlRun, { projectId: 'p', query: 'SELECT 1' }).catch((e: unknown) => e)) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).toBe('The analytics service did not answer in time or is unavailable; retry later.');
    expect(JSON.stringify(error.toPayload())).not.toContain(RPC.analyticsSqlRun);
  });

  it('keeps a remote domain error as it is', async () => {
    const client = new RpcClient(proxy(() => throwError(() => ({ code: 'SQL_TIMEOUT', message: 'too slow', details: { timeoutMs: 5 } }))));
    await expect(client.request(RPC.analyticsSqlRun, { projectId: 'p', query: 'SELECT 1' })).rejects.toMatchObject({ code: 'SQL_TIMEOUT', details: { timeoutMs: 5 } });
  });

  it('reads the service from the subject', () => {
    expect(serviceOf('governance.models.get.v1')).toBe('governance');
  });
});
