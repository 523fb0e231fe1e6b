import { type AdoptUnscopedReply, DomainError, RPC } from '@fulcrum/contracts';
import type { RequestEnvelope, RpcClient } from '@fulcrum/messaging';
import { UnscopedGovernanceAdopter } from './unscoped-governance.adopter';

const FIRST = '9dd61848-0a63-42c1-b9f1-03bca54d7eac';
const unavailable = () => new DomainError('SERVICE_UNAVAILABLE', 'not yet');

/** A fake RpcClient answering from a script, one answer per call of a subject; it records each call and the envelope it was given. */
function fakeRpc(script: Record<string, Array<() => unknown>>) {
  const calls: Array<{ subject: string; payload: unknown; actorId?: string }> = [];
  const rpc = {
    request: async (subject: string, payload: unknown, options?: { envelope?: RequestEnvelope }) => {
      calls.push({ subject, payload, actorId: options?.envelope?.actorId });
      const next = script[subject]?.shift();
      if (!next) throw unavailable();
      return next();
    },
  } as unknown as RpcClient;
  return { rpc, calls };
}

const adopted = (n: number): AdoptUnscopedReply => ({ projectId: FIRST, adopted: { models: n, decisions: 0, audits: 0, auditEntries: 0 }, auditSeq: n > 0 ? 7 : null });
const page = (ids: string[]) => ({ edges: ids.map((id) => ({ cursor: id, node: { id } })), totalCount: ids.length, hasNextPage: false });

describe('UnscopedGovernanceAdopter', () => {
  it('retries in the background until ingest and governance answer, then adopts into the oldest project once, as service:gateway', async () => {
    const { rpc, calls } = fakeRpc({
      [RPC.ingestProjectsList]: [
        () => {
          throw unavailable();
        },
        () => page([]),
        () => page([FIRST]),
        () => page([FIRST]),
      ],
      [RPC.governanceProjectsAdoptUnscoped]: [
        () => {
          throw unavailable();
        },
        () => adopted(3),
      ],
    });
    const adopter = new UnscopedGovernanceAdopter(rpc, { adoptUnscopedGovernance: true });
    adopter.retryDelaysMs = [1, 2];
    adopter.noProjectDelayMs = 1;
    adopter.onApplicationBootstrap(); // returns at once: start-up is not held up
    expect(calls).toHaveLength(0);
    await expect(adopter.done).resolves.toEqual(adopted(3));
    expect(calls.map((c) => c.subject)).toEqual([
      RPC.ingestProjectsList, // ingest down
      RPC.ingestProjectsList, // no project yet
      RPC.ingestProjectsList,
      RPC.governanceProjectsAdoptUnscoped, // governance down
      RPC.ingestProjectsList,
      RPC.governanceProjectsAdoptUnscoped,
    ]);
    expect(calls[0].payload).toEqual({ first: 1 });
    expect(calls[5].payload).toEqual({ projectId: FIRST });
    expect(new Set(calls.map((c) => c.actorId))).toEqual(new Set(['service:gateway']));
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toHaveLength(6); // done: no more attempts
  });

  it('does nothing when the config turns it off (tests with fake services)', async () => {
    const { rpc, calls } = fakeRpc({});
    const adopter = new UnscopedGovernanceAdopter(rpc, {});
    adopter.onApplicationBootstrap();
    await expect(adopter.done).resolves.toBeUndefined();
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual([]);
  });

  it('stops retrying at shutdown', async () => {
    const { rpc, calls } = fakeRpc({});
    const adopter = new UnscopedGovernanceAdopter(rpc, { adoptUnscopedGovernance: true });
    adopter.retryDelaysMs = [5];
    adopter.onApplicationBootstrap();
    await new Promise((r) => setTimeout(r, 30));
    const seen = calls.length;
    expect(seen).toBeGreaterThan(0);
    adopter.onApplicationShutdown();
    await expect(adopter.done).resolves.toBeUndefined();
    await new Promise((r) => setTimeout(r, 30));
    expect(calls.length).toBeLessThanOrEqual(seen + 1); // at most the attempt already in flight
  });
});
