/** Minimal GraphQL-over-HTTP call used by the launcher (and its tests) against the gateway. */
export interface GraphqlResult<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export async function callGraphql<T>(graphqlUrl: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResult<T>> {
  const res = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphqlResult<T>;
}

/** Repeats `attempt` until it returns a value or the deadline passes (then throws the last reason). */
export async function retryUntil<T>(what: string, timeoutMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not succeed within ${timeoutMs} ms: ${last}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
