import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { RPC } from '@fulcrum/contracts';
import type { ResolvedDatabase } from '@fulcrum/persistence';
import { databaseKinds, graphqlCall, loginSession, startTestDatabase } from '@fulcrum/testing';
import { AUTHORIZATION_MATRIX, type Access } from '../src/auth/authorization.matrix';
import { PROJECT_ROLES, ProjectRole } from '../src/auth/project-role';
import type { RunningGateway } from '../src/gateway.bootstrap';
import { type FieldProbe, fieldProbes } from './support/field-probe.builder';
import { ADMIN_TOKEN, type Credential, type PeopleHarness, startPeopleHarness } from './support/gateway-people.harness';
import { answerEverySubjectWithProbeError } from './support/probe-responder';

/**
 * The authorization matrix end to end (issue "People, projects and access", part 2): every Query
 * and Mutation field of schema.gql, called by every kind of caller against a real gateway, must
 * be answered exactly as its row in AUTHORIZATION_MATRIX says. A field without a row fails.
 *
 * The services behind the gateway are one fake that answers every RPC subject at once with
 * CONFLICT "probe reached <subject>" (support/probe-responder.ts), so a call the guard lets
 * through ends in milliseconds with an answer that is plainly not the guard's.
 */

const schema = buildSchema(readFileSync(join(__dirname, '../schema.gql'), 'utf8'));
const PASSWORD = 'matrix probe password 1234';
const admin = { token: ADMIN_TOKEN };

/** Who calls. Every member holds exactly one role in P; nobody else is a member of P. */
type Caller = 'none' | 'revoked' | 'non-member' | 'instance-admin' | ProjectRole;
const CALLERS: readonly Caller[] = ['none', 'revoked', 'non-member', 'instance-admin', ...PROJECT_ROLES];

/** The guard's three refusals, and PASSED for everything else the field answered (see `classify`). */
type Outcome = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'PROJECT_NOT_FOUND' | 'PASSED';
/** An answer that is neither clearly the guard's nor clearly past it: always a failure. */
type Unclear = `UNCLEAR: ${string}`;
interface Answer {
  outcome: Outcome | Unclear | 'CSRF_TOKEN_INVALID';
  /** What came back, for the report on failure. */
  detail: string;
}

/**
 * The outcome the matrix promises `caller` on a field with this row. Written out from the rules in
 * authorization.matrix.ts and docs/api.md, deliberately not by calling `authorize`.
 */
function expectedOutcome(access: Access | undefined, caller: Caller): Outcome | 'NO ROW' {
  if (!access) return 'NO ROW';
  // Public fields (login) are decided before the guard looks at any credential: a stale cookie or a
  // revoked Bearer token must not keep anyone from logging in. So every caller, the revoked token
  // included, gets past the guard.
  if (access.scope === 'public') return 'PASSED';
  if (caller === 'none' || caller === 'revoked') return 'UNAUTHENTICATED';
  switch (access.scope) {
    case 'authenticated':
      return 'PASSED';
    case 'instance-admin':
      return caller === 'instance-admin' ? 'PASSED' : 'FORBIDDEN';
    case 'project':
      // Being an instance admin opens no project, except the member-management rows (`instanceAdmins`).
      if (caller === 'instance-admin') return access.instanceAdmins ? 'PASSED' : 'PROJECT_NOT_FOUND';
      if (caller === 'non-member') return 'PROJECT_NOT_FOUND';
      return access.roles.includes(caller) ? 'PASSED' : 'FORBIDDEN';
  }
}

type GraphqlAnswer = Awaited<ReturnType<typeof graphqlCall<Record<string, unknown>>>>;

/**
 * Codes that are past the guard but mean the probe did not run as designed: a service subject
 * nobody answered (SERVICE_UNAVAILABLE after an RPC timeout), a crash, the login limits.
 */
const SETUP_BROKEN = ['SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR', 'RATE_LIMITED'];

/**
 * Tells the guard's refusals from everything else:
 * - UNAUTHENTICATED: domain code UNAUTHENTICATED. Besides the guard only `login` raises it (wrong
 *   credentials: its probe logs in with real ones, see probeOverrides), `me` for a user that no
 *   longer exists (users are never deleted), and the CurrentPrincipal decorators when a resolver
 *   needing a caller runs without one (only behind a `public` row: a wrong row, rightly a failure).
 * - FORBIDDEN: domain code FORBIDDEN with `details.field` = the matrix name of the field
 *   (`Query.users`), which is how the guard words both of its FORBIDDENs; a resolver's FORBIDDEN
 *   names an argument there (`roles`, `currentPassword`, `userId`) and comes out UNCLEAR.
 * - PROJECT_NOT_FOUND: code NOT_FOUND, domain code PROJECT_NOT_FOUND, `details` exactly
 *   `{ projectId: P }`. The fake ingest knows P, so no service says this about P; createApiToken
 *   says it only about a `projectId` argument, which its probe leaves out.
 * - PASSED: data, or any other coded error the resolver or a service gave on the field (the probe's
 *   CONFLICT, NOT_FOUND for a dummy id, BAD_USER_INPUT for a dummy value).
 * - UNCLEAR: an answer that never reached the field (HTTP error, GraphQL validation: the probe is
 *   wrong), a guard code in a shape the guard does not use (a resolver refusing the dummy
 *   arguments: give the field a probe override), or one of SETUP_BROKEN. Never expected, so it
 *   always fails.
 */
function classify(probe: FieldProbe, projectId: string, res: GraphqlAnswer): Answer {
  const fieldName = probe.field.split('.')[1];
  const error = res.errors?.[0];
  if (!error) {
    const ok = res.status === 200 && res.data !== null && res.data !== undefined && fieldName !== undefined && fieldName in res.data;
    return { outcome: ok ? 'PASSED' : `UNCLEAR: HTTP ${res.status} without errors or data`, detail: 'data' };
  }
  const extensions = error.extensions ?? {};
  const code = String(extensions['code']);
  const domainCode = extensions['domainCode'] === undefined ? undefined : String(extensions['domainCode']);
  const details = (extensions['details'] ?? {}) as Record<string, unknown>;
  const detail = `${code}/${domainCode ?? '-'}: ${error.message}`;
  const path = (error as { path?: unknown[] }).path;
  if (res.status !== 200 || res.errors?.length !== 1 || path?.[0] !== fieldName) {
    return { outcome: `UNCLEAR: the probe did not reach the field (HTTP ${res.status}, ${res.errors?.length} errors)`, detail };
  }
  if (domainCode === 'UNAUTHENTICATED') return { outcome: 'UNAUTHENTICATED', detail };
  if (domainCode === 'CSRF_TOKEN_INVALID') return { outcome: 'CSRF_TOKEN_INVALID', detail };
  if (code === 'FORBIDDEN' && domainCode === 'FORBIDDEN' && details['field'] === probe.field) return { outcome: 'FORBIDDEN', detail };
  // Clients see NOT_FOUND, exactly as for a project that does not exist (docs/api.md).
  if (code === 'NOT_FOUND' && domainCode === 'PROJECT_NOT_FOUND' && JSON.stringify(details) === JSON.stringify({ projectId })) {
    return { outcome: 'PROJECT_NOT_FOUND', detail };
  }
  if (['UNAUTHENTICATED', 'FORBIDDEN'].includes(code) || domainCode === 'PROJECT_NOT_FOUND') {
    return { outcome: `UNCLEAR: ${domainCode} not in the guard's shape (details ${JSON.stringify(details)})`, detail };
  }
  if (SETUP_BROKEN.includes(code)) return { outcome: `UNCLEAR: past the guard, but the probe setup is broken (${code})`, detail };
  return { outcome: 'PASSED', detail };
}

/**
 * Probes whose builder dummies would not do. Each says why.
 * The other side effects need no override: every id argument is a dummy uuid no row has, so
 * disableUser, enableUser, setInstanceAdmin, revokeApiToken and setProjectMemberRoles answer
 * NOT_FOUND and touch no fixture; logout with an API token ends nothing (false); createProject
 * reaches the probe error (ingest's create is a probe subject once the fixtures exist);
 * createApiToken and updateMyProfile only add a token or rename the caller.
 */
function probeOverrides(login: { email: string; password: string }): Record<string, (probe: FieldProbe) => FieldProbe> {
  return {
    // Dummy credentials would be refused by the resolver with UNAUTHENTICATED (a guard code) and
    // count against the login limits of 127.0.0.1. Real ones of a user kept for this: a session each.
    'Mutation.login': (probe) => ({ ...probe, variables: { email: login.email, password: login.password } }),
    // A new password below the policy is refused (BAD_USER_INPUT) before the current one is checked:
    // no FORBIDDEN `currentPassword` from the resolver, no login-limit failure, no password changed.
    'Mutation.changePassword': (probe) => ({ ...probe, variables: { currentPassword: 'not the current password', newPassword: 'short' } }),
  };
}

/**
 * Fields whose probes must not run for all callers at once: `login` of one email ten times at once
 * is RATE_LIMITED (every attempt is recorded before the password is checked, so concurrent
 * attempts count against each other: security.md "Login limits").
 */
const ONE_CALLER_AT_A_TIME = new Set(['Mutation.login']);

async function inTurn<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) results.push(await fn(item));
  return results;
}

const SHORT: Record<string, string> = {
  PASSED: 'pass',
  UNAUTHENTICATED: 'unauth',
  FORBIDDEN: 'forbidden',
  PROJECT_NOT_FOUND: 'not-found',
  'NO ROW': 'NO ROW',
  CSRF_TOKEN_INVALID: 'csrf',
};
const LABEL: Record<Caller, string> = {
  none: 'none',
  revoked: 'revoked',
  'non-member': 'outsider',
  'instance-admin': 'inst-admin',
  PM: 'PM',
  DESIGNER: 'DESIGNER',
  ENGINEER: 'ENGINEER',
  DATA_SCIENTIST: 'DATA_SCI',
  COMPLIANCE: 'COMPLIANCE',
  ADMIN: 'ADMIN',
};

/**
 * One line per field, one column per caller. `notes` (the actual side only) explain the differing
 * cells; they come first so that the table's last line is the same on both sides of the diff.
 */
function renderTable(rows: ReadonlyArray<[string, readonly string[]]>, notes: readonly string[] = []): string {
  const width = Math.max(...rows.map(([field]) => field.length), 'field'.length);
  const cell = (text: string) => (SHORT[text] ?? (text.startsWith('UNCLEAR') ? '??' : text)).padEnd(11);
  const head = `${'field'.padEnd(width)}  ${CALLERS.map((c) => LABEL[c].padEnd(11)).join('')}`.trimEnd();
  const lines = rows.map(([field, outcomes]) => `${field.padEnd(width)}  ${outcomes.map(cell).join('')}`.trimEnd());
  return [...notes, head, ...lines].join('\n');
}

describe.each(databaseKinds())('the authorization matrix, every field × every caller (real nats-server and gateway, %s)', (kind) => {
  let h: PeopleHarness;
  let db: ResolvedDatabase | undefined;
  let gateway: RunningGateway;
  let graphqlUrl: string;
  let projectId: string;
  const tokens = new Map<Caller, Credential>();
  const logins = new Map<Caller, { email: string; password: string }>();
  let loginProbeUser: { email: string; password: string };

  async function call(credential: Credential, query: string, variables: Record<string, unknown> = {}) {
    return graphqlCall<Record<string, unknown>>(graphqlUrl, credential, query, variables);
  }

  async function orThrow<T>(what: string, answer: Promise<GraphqlAnswer>): Promise<T> {
    const res = await answer;
    if (res.errors?.length || !res.data) throw new Error(`${what} failed: ${JSON.stringify(res.errors)}`);
    return res.data as T;
  }

  /** A user created by the bootstrap admin, with the given roles in P, logged in once to create an (unnarrowed) API token. */
  async function userWithToken(name: string, options: { instanceAdmin?: boolean; roles?: ProjectRole[] } = {}) {
    const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@matrix.test`;
    const { createUser } = await orThrow<{ createUser: { user: { id: string } } }>(
      `createUser ${name}`,
      call(admin, 'mutation($e: String!, $n: String!, $p: String, $a: Boolean) { createUser(email: $e, displayName: $n, password: $p, instanceAdmin: $a) { user { id } } }', {
        e: email,
        n: name,
        p: PASSWORD,
        a: options.instanceAdmin ?? false,
      }),
    );
    if (options.roles) {
      await orThrow(
        `setProjectMemberRoles ${name}`,
        call(admin, 'mutation($p: ID!, $u: ID!, $r: [ProjectRole!]!) { setProjectMemberRoles(projectId: $p, userId: $u, roles: $r) { roles } }', {
          p: projectId,
          u: createUser.user.id,
          r: options.roles,
        }),
      );
    }
    const session = await loginSession(graphqlUrl, email, PASSWORD);
    const { createApiToken } = await orThrow<{ createApiToken: { token: string } }>(
      `createApiToken ${name}`,
      call(session, 'mutation($n: String!) { createApiToken(name: $n) { token } }', { n: `${name} (matrix)` }),
    );
    return { userId: createUser.user.id, email, password: PASSWORD, token: createApiToken.token };
  }

  beforeAll(async () => {
    h = await startPeopleHarness();
    // The harness's fake listens on ingest.> and keeps projects in memory; the other services too.
    h.responder.listen('analytics.>', 'governance.>', 'backlog.>');
    await h.nc.flush();
    // Until the fixtures exist, only ingest's project RPCs are real (FakeIngestProjects) and the
    // rest answer the probe error.
    answerEverySubjectWithProbeError(h.responder, [RPC.ingestProjectsCreate, RPC.ingestProjectsGet, RPC.ingestProjectsList, RPC.ingestProjectsSetTimeZone]);
    // PGlite the way the gateway runs it by default (its own embedded database, a pool of one);
    // PostgreSQL when FULCRUM_TEST_DATABASE_URL is set.
    if (kind === 'postgres') db = await startTestDatabase(kind);
    gateway = await h.startGateway(db ? { databaseUrl: db.url } : {});
    graphqlUrl = `${gateway.url}/graphql`;

    // P, created by the bootstrap admin (its ADMIN member; it is not one of the callers).
    const { createProject } = await orThrow<{ createProject: { project: { id: string } } }>('createProject', call(admin, 'mutation { createProject(name: "P") { project { id } } }'));
    projectId = createProject.project.id;

    tokens.set('none', undefined);
    // Users one at a time would cost a password hash and a login each in turn; they do not depend on
    // each other (nine logins of nine emails at once stay within the per-address login limit).
    const [roleUsers, outsider, instanceAdmin, loginProbe] = await Promise.all([
      Promise.all(PROJECT_ROLES.map((role) => userWithToken(`Only ${role}`, { roles: [role] }))),
      userWithToken('Non Member'),
      userWithToken('Instance Admin', { instanceAdmin: true }),
      userWithToken('Login Probe'),
    ]);
    PROJECT_ROLES.forEach((role, i) => {
      const user = roleUsers[i] as Awaited<ReturnType<typeof userWithToken>>;
      tokens.set(role, { token: user.token });
      logins.set(role, user);
    });
    tokens.set('non-member', { token: outsider.token });
    logins.set('non-member', outsider);
    tokens.set('instance-admin', { token: instanceAdmin.token });
    logins.set('instance-admin', instanceAdmin);
    loginProbeUser = loginProbe;

    // The revoked token: one of the bootstrap admin's (instance admin and ADMIN of P, whose other
    // token keeps working), so nothing but the revocation can explain an UNAUTHENTICATED.
    const { createApiToken } = await orThrow<{ createApiToken: { id: string; token: string } }>('createApiToken', call(admin, 'mutation { createApiToken(name: "revoked") { id token } }'));
    await orThrow('revokeApiToken', call(admin, 'mutation($t: ID!) { revokeApiToken(tokenId: $t) { revokedAt } }', { t: createApiToken.id }));
    tokens.set('revoked', { token: createApiToken.token });

    // From here on every service subject answers the probe error, except ingest's project lookup: a
    // read, which the member-management recovery path uses to check that P exists.
    answerEverySubjectWithProbeError(h.responder, [RPC.ingestProjectsGet]);
  });

  afterAll(async () => {
    await h?.stop();
    await db?.stop();
  });

  it('starts from the fixtures it means: one role each in P, an outsider, an instance admin outside P, a revoked token of the admin', async () => {
    const ME = '{ me { instanceAdmin memberships { projectId roles } } }';
    const seen: Record<string, unknown> = {};
    const callers: Array<[string, Credential]> = [...CALLERS.map((caller): [string, Credential] => [caller, tokens.get(caller)]), ['bootstrap admin', admin]];
    for (const [caller, credential] of callers) {
      const res = await call(credential, ME);
      seen[caller] = res.errors ? res.errors[0]?.extensions?.['code'] : res.data?.['me'];
    }
    expect(seen).toEqual({
      'bootstrap admin': { instanceAdmin: true, memberships: [{ projectId, roles: ['ADMIN'] }] },
      none: 'UNAUTHENTICATED',
      revoked: 'UNAUTHENTICATED',
      'non-member': { instanceAdmin: false, memberships: [] },
      'instance-admin': { instanceAdmin: true, memberships: [] },
      ...Object.fromEntries(PROJECT_ROLES.map((role) => [role, { instanceAdmin: false, memberships: [{ projectId, roles: [role] }] }])),
    });
  });

  it('has a row for every Query and Mutation field of schema.gql, and none for a field that is not there', () => {
    const fields = fieldProbes(schema, 'p').map((probe) => probe.field);
    expect(fields.length).toBeGreaterThan(50);
    expect(fields.filter((field) => !AUTHORIZATION_MATRIX[field])).toEqual([]);
    expect(Object.keys(AUTHORIZATION_MATRIX).filter((field) => !fields.includes(field))).toEqual([]);
  });

  it('answers every field for every caller exactly as its row says (no credential, revoked token, outsider, instance admin, each role)', async () => {
    const overrides = probeOverrides(loginProbeUser);
    const probes = fieldProbes(schema, projectId).map((probe) => overrides[probe.field]?.(probe) ?? probe);
    // Queries first, then mutations (the builder's order); fields one after another, the callers of
    // one field at the same time.
    const actual: Array<[string, string[]]> = [];
    const expected: Array<[string, string[]]> = [];
    const notes: string[] = [];
    for (const probe of probes) {
      const ask = async (caller: Caller) => classify(probe, projectId, await call(tokens.get(caller), probe.document, probe.variables));
      const answers = ONE_CALLER_AT_A_TIME.has(probe.field) ? await inTurn(CALLERS, ask) : await Promise.all(CALLERS.map(ask));
      const wanted = CALLERS.map((caller) => expectedOutcome(AUTHORIZATION_MATRIX[probe.field], caller));
      actual.push([probe.field, answers.map((a) => a.outcome)]);
      expected.push([probe.field, wanted]);
      answers.forEach((answer, i) => {
        if (answer.outcome !== wanted[i]) notes.push(`✗ ${probe.field} × ${LABEL[CALLERS[i] as Caller]}: expected ${wanted[i]}, got ${answer.outcome} (${answer.detail})`);
      });
    }
    // On failure Jest prints why each differing cell differs, then the differing rows of the table.
    expect(renderTable(actual, notes)).toBe(renderTable(expected));
  });

  it('leaves the fixtures intact after probing every mutation', async () => {
    for (const role of PROJECT_ROLES) {
      const res = await call(tokens.get(role), '{ me { memberships { projectId roles } } }');
      expect([role, res.data?.['me']]).toEqual([role, { memberships: [{ projectId, roles: [role] }] }]);
    }
    expect((await call(tokens.get('instance-admin'), '{ me { instanceAdmin } }')).data).toEqual({ me: { instanceAdmin: true } });
    expect((await call(tokens.get('revoked'), '{ me { instanceAdmin } }')).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('gives a session cookie the answers of a token, and refuses its mutations without the anti-CSRF token', async () => {
    const probes = new Map(fieldProbes(schema, projectId).map((probe) => [probe.field, probe]));
    const fields = ['Query.me', 'Query.users', 'Query.trend', 'Query.sql', 'Query.projectMembers', 'Mutation.setProjectTimeZone', 'Mutation.createWriteKey', 'Mutation.createUser'];
    const callers: Caller[] = ['non-member', 'instance-admin', ProjectRole.PM, ProjectRole.DATA_SCIENTIST];
    const actual: string[] = [];
    const wanted: string[] = [];
    for (const caller of callers) {
      const login = logins.get(caller) as { email: string; password: string };
      const session = await loginSession(graphqlUrl, login.email, login.password);
      for (const field of fields) {
        const probe = probes.get(field) as FieldProbe;
        const byCookie = classify(probe, projectId, await call(session, probe.document, probe.variables));
        const byToken = classify(probe, projectId, await call(tokens.get(caller), probe.document, probe.variables));
        const expected = expectedOutcome(AUTHORIZATION_MATRIX[field], caller);
        actual.push(`${LABEL[caller]} ${field}: cookie ${byCookie.outcome}, token ${byToken.outcome}`);
        wanted.push(`${LABEL[caller]} ${field}: cookie ${expected}, token ${expected}`);
        if (field.startsWith('Mutation.')) {
          // The anti-CSRF check comes before the row: a cookie mutation without it is refused, whatever the row.
          const noCsrf = classify(probe, projectId, await call({ cookie: session.cookie }, probe.document, probe.variables));
          const wrongCsrf = classify(probe, projectId, await call({ cookie: session.cookie, csrfToken: 'x'.repeat(43) }, probe.document, probe.variables));
          actual.push(`${LABEL[caller]} ${field} without / with a wrong x-fulcrum-csrf: ${noCsrf.outcome} / ${wrongCsrf.outcome}`);
          wanted.push(`${LABEL[caller]} ${field} without / with a wrong x-fulcrum-csrf: CSRF_TOKEN_INVALID / CSRF_TOKEN_INVALID`);
        }
      }
    }
    expect(actual.join('\n')).toBe(wanted.join('\n'));
  });
});
