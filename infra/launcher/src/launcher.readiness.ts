import { type GraphqlResult, callGraphql, retryUntil } from './graphql.caller';

export type GraphqlCall = <T>(graphqlUrl: string, token: string, query: string, variables?: Record<string, unknown>) => Promise<GraphqlResult<T>>;

export interface ReadinessTarget {
  /** Every gateway replica's GraphQL endpoint, replica 1 first. */
  graphqlUrls: readonly string[];
  adminToken: string;
  /** The demo project: analytics and the backlog answer about it. */
  projectId: string;
  timeoutMs: number;
}

/** One readiness question: a query that only a running service behind the gateway can answer. */
interface Probe {
  service: 'analytics' | 'governance' | 'backlog';
  query: string;
  withProject: boolean;
  /** Asked through every gateway replica, or only through replica 1. */
  everyReplica: boolean;
}

/**
 * Ready means every service answers through the gateway: the event catalog goes through ingest
 * and analytics; the rule catalog through governance, and the demo project's track settings
 * through the backlog, both through each gateway replica (so each replica reaches them over NATS).
 */
const PROBES: readonly Probe[] = [
  { service: 'analytics', query: 'query($p: ID!) { eventCatalog(projectId: $p) { dataVersion } }', withProject: true, everyReplica: false },
  { service: 'governance', query: 'query { rules { id } }', withProject: false, everyReplica: true },
  { service: 'backlog', query: 'query($p: ID!) { backlogTrackSettings(projectId: $p) { track } }', withProject: true, everyReplica: true },
];

/** Waits until each probe is answered without errors (each within `timeoutMs`); throws naming the one that is not. */
export async function waitForReadiness(target: ReadinessTarget, call: GraphqlCall = callGraphql): Promise<void> {
  for (const probe of PROBES) {
    const urls = probe.everyReplica ? target.graphqlUrls : target.graphqlUrls.slice(0, 1);
    for (const [i, url] of urls.entries()) {
      const what = i === 0 ? `${probe.service} readiness` : `${probe.service} readiness through gateway replica ${i + 1}`;
      await retryUntil(what, target.timeoutMs, async () => {
        const res = await call(url, target.adminToken, probe.query, probe.withProject ? { p: target.projectId } : {});
        if (res.errors?.length) throw new Error(res.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; '));
        return res.data ? true : undefined;
      });
    }
  }
}
