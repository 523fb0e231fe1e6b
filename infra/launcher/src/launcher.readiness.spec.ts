import type { GraphqlResult } from './graphql.caller';
import { type GraphqlCall, waitForReadiness } from './launcher.readiness';

const URLS = ['http://127.0.0.1:8000/graphql', 'http://127.0.0.1:8001/graphql'];
const PROJECT = '5f0c6a52-8d8e-4d5b-9d43-7c1d1f9b0e21';

/** A gateway stand-in: answers per (replica, root field); `down` root fields fail like an unreachable service. */
function gateway(down: Map<string, number>): { call: GraphqlCall; asked: string[] } {
  const asked: string[] = [];
  const call = async <T>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResult<T>> => {
    const field = /{\s*(\w+)/.exec(query.replace(/^query(\([^)]*\))?\s*/, ''))?.[1] ?? '?';
    const replica = URLS.indexOf(url) + 1;
    asked.push(`${field}@${replica}`);
    expect(token).toBe('admin-token');
    if (field !== 'rules') expect(variables).toEqual({ p: PROJECT });
    const key = `${field}@${replica}`;
    const failures = down.get(key) ?? 0;
    if (failures > 0) {
      down.set(key, failures - 1);
      return { data: null, errors: [{ message: 'no responders', extensions: { code: 'SERVICE_UNAVAILABLE' } }] };
    }
    return { data: { [field]: [] } as T };
  };
  return { call: call as GraphqlCall, asked };
}

describe('waitForReadiness', () => {
  it('waits for analytics once, and for governance and the backlog through every gateway replica', async () => {
    const { call, asked } = gateway(new Map([['backlogTrackSettings@2', 2]]));
    await waitForReadiness({ graphqlUrls: URLS, adminToken: 'admin-token', projectId: PROJECT, timeoutMs: 5_000 }, call);
    expect(asked).toEqual(['eventCatalog@1', 'rules@1', 'rules@2', 'backlogTrackSettings@1', 'backlogTrackSettings@2', 'backlogTrackSettings@2', 'backlogTrackSettings@2']);
  });

  it('fails naming the backlog and the replica when the backlog never answers there', async () => {
    const { call } = gateway(new Map([['backlogTrackSettings@2', Number.MAX_SAFE_INTEGER]]));
    await expect(waitForReadiness({ graphqlUrls: URLS, adminToken: 'admin-token', projectId: PROJECT, timeoutMs: 300 }, call)).rejects.toThrow(
      /^backlog readiness through gateway replica 2 did not succeed within 300 ms: SERVICE_UNAVAILABLE: no responders$/,
    );
  });

  it('fails naming the backlog when it is down behind a single gateway', async () => {
    const { call } = gateway(new Map([['backlogTrackSettings@1', Number.MAX_SAFE_INTEGER]]));
    await expect(waitForReadiness({ graphqlUrls: URLS.slice(0, 1), adminToken: 'admin-token', projectId: PROJECT, timeoutMs: 300 }, call)).rejects.toThrow(/^backlog readiness did not succeed/);
  });
});
