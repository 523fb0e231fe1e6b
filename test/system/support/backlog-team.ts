import { connect } from 'nats';
import { PostHog } from 'posthog-node';
import { STREAMS } from '@fulcrum/contracts';
import { type MemberToken, createMemberToken, graphqlCall } from '@fulcrum/testing';

/** The balanced team of the backlog system test: one member per discipline, plus a compliance reviewer. */
export const TEAM_ROLES = {
  pm: 'PM',
  designer: 'DESIGNER',
  engineer: 'ENGINEER',
  dataScientist: 'DATA_SCIENTIST',
  compliance: 'COMPLIANCE',
} as const;
export type TeamRole = keyof typeof TEAM_ROLES;

/** A refused GraphQL call as a client sees it: the codes and the details it can act on. */
export interface Refusal {
  code: unknown;
  domainCode: unknown;
  details: unknown;
  message: string;
}

/**
 * A project member acting through GraphQL with an API token of their own (made the way a person
 * would: an admin creates the user and sets the roles, the user logs in and creates the token).
 */
export class TeamMember {
  constructor(
    readonly role: string,
    readonly displayName: string,
    readonly member: MemberToken,
    private readonly graphqlUrl: string,
  ) {}

  /** The actor id the platform records for this member (`user:<id>`). */
  get actor(): string {
    return `user:${this.member.userId}`;
  }

  get token(): string {
    return this.member.token;
  }

  /** The data of a call that must succeed; a refusal fails the test with its codes and message. */
  async data<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await graphqlCall<T>(this.graphqlUrl, { token: this.member.token }, query, variables);
    if (res.errors?.length || !res.data) {
      const why = (res.errors ?? []).map((e) => `${String(e.extensions?.['domainCode'] ?? e.extensions?.['code'])}: ${e.message}`).join('; ');
      throw new Error(`${this.role} ${query.trim().slice(0, 80)}… refused (HTTP ${res.status}): ${why || 'no data'}`);
    }
    return res.data;
  }

  /** The refusal of a call that must be refused; an answer with data fails the test. */
  async refusal(query: string, variables: Record<string, unknown> = {}): Promise<Refusal> {
    const res = await graphqlCall(this.graphqlUrl, { token: this.member.token }, query, variables);
    const first = res.errors?.[0];
    if (!first) throw new Error(`${this.role} ${query.trim().slice(0, 80)}… was expected to be refused, answered ${JSON.stringify(res.data)}`);
    const extensions = first.extensions ?? {};
    return { code: extensions['code'], domainCode: extensions['domainCode'], details: extensions['details'], message: first.message };
  }
}

/** Creates the team in the project (the admin's token is used for nothing else). */
export async function assembleTeam(graphqlUrl: string, adminToken: string, projectId: string): Promise<Record<TeamRole, TeamMember>> {
  const team = {} as Record<TeamRole, TeamMember>;
  for (const [key, role] of Object.entries(TEAM_ROLES) as Array<[TeamRole, string]>) {
    const displayName = `${role.toLowerCase().replace('_', ' ')} of the team`;
    team[key] = new TeamMember(role, displayName, await createMemberToken(graphqlUrl, adminToken, { projectId, roles: [role], name: displayName }), graphqlUrl);
  }
  return team;
}

/** Polls `check` every 200 ms until it returns a value, or fails naming `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Waits until analytics has applied everything on the EVENTS stream, as the member sees it: the
 * project's catalog reports the stream's last position as its data version. Returns that version.
 */
export async function settledDataVersion(member: TeamMember, natsUrl: string, projectId: string, timeoutMs = 60_000): Promise<string> {
  const nc = await connect({ servers: natsUrl });
  let target: string;
  try {
    target = String((await (await nc.jetstreamManager()).streams.info(STREAMS.events.name)).state.last_seq);
  } finally {
    await nc.close();
  }
  return eventually(
    `analytics applying the event stream up to ${target}`,
    async () => {
      const { eventCatalog } = await member.data<{ eventCatalog: { dataVersion: string } }>('query($p: ID!) { eventCatalog(projectId: $p) { dataVersion } }', { p: projectId });
      return eventCatalog.dataVersion === target ? target : undefined;
    },
    timeoutMs,
  );
}

export interface ProductEvent {
  distinctId: string;
  event: string;
  timestamp: Date;
}

/** Sends events through the official posthog-node SDK with a write key of the project; fails on any SDK error. */
export async function sendWithPosthog(ingestUrl: string, writeKey: string, events: readonly ProductEvent[]): Promise<void> {
  const posthog = new PostHog(writeKey, { host: ingestUrl, flushAt: 50, flushInterval: 0 });
  const errors: unknown[] = [];
  posthog.on('error', (e: unknown) => errors.push(e));
  for (const e of events) posthog.capture({ distinctId: e.distinctId, event: e.event, timestamp: e.timestamp });
  await posthog.shutdown(30_000);
  if (errors.length > 0) throw new Error(`posthog-node reported errors: ${errors.map(String).join('; ')}`);
}
