import { randomBytes } from 'node:crypto';

interface GraphqlAnswer<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** A GraphQL call over HTTP with a Bearer token, or a session cookie and its anti-CSRF token. */
export async function graphqlCall<T = Record<string, unknown>>(
  graphqlUrl: string,
  credential: { token: string } | { cookie: string; csrfToken?: string } | undefined,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlAnswer<T> & { status: number; setCookie: string | null }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (credential && 'token' in credential) headers['authorization'] = `Bearer ${credential.token}`;
  if (credential && 'cookie' in credential) {
    headers['cookie'] = credential.cookie;
    if (credential.csrfToken !== undefined) headers['x-fulcrum-csrf'] = credential.csrfToken;
  }
  const res = await fetch(graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, setCookie: res.headers.get('set-cookie'), ...((await res.json()) as GraphqlAnswer<T>) };
}

function orThrow<T>(what: string, answer: GraphqlAnswer<T>): T {
  if (answer.errors?.length || !answer.data) throw new Error(`${what} failed: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

/** Logs in; the session cookie (`name=value`) and its anti-CSRF token. */
export async function loginSession(graphqlUrl: string, email: string, password: string): Promise<{ cookie: string; csrfToken: string; userId: string }> {
  const res = await graphqlCall<{ login: { csrfToken: string; user: { id: string } } }>(
    graphqlUrl,
    undefined,
    'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { csrfToken user { id } } }',
    { e: email, p: password },
  );
  const login = orThrow('login', res).login;
  const cookie = res.setCookie?.split(';')[0];
  if (!cookie) throw new Error('login set no cookie');
  return { cookie, csrfToken: login.csrfToken, userId: login.user.id };
}

export interface MemberToken {
  userId: string;
  email: string;
  password: string;
  tokenId: string;
  token: string;
}

/**
 * A new user with `roles` in a project and an API token of theirs, made the way a person would:
 * an instance admin (`adminToken`) creates the user and sets their roles, the user logs in and
 * creates the token. The gateway asks ingest whether the project exists when the admin is not a
 * member of it (a fake ingest must answer `ingest.projects.get.v1` then).
 */
export async function createMemberToken(
  graphqlUrl: string,
  adminToken: string,
  options: { projectId: string; roles: string[]; name: string },
): Promise<MemberToken> {
  const admin = { token: adminToken };
  const email = `${options.name.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '') || 'member'}.${randomBytes(4).toString('hex')}@example.test`;
  const created = orThrow(
    'createUser',
    await graphqlCall<{ createUser: { user: { id: string }; generatedPassword: string } }>(
      graphqlUrl,
      admin,
      'mutation($e: String!, $n: String!) { createUser(email: $e, displayName: $n) { user { id } generatedPassword } }',
      { e: email, n: options.name },
    ),
  ).createUser;
  orThrow(
    'setProjectMemberRoles',
    await graphqlCall(graphqlUrl, admin, 'mutation($p: ID!, $u: ID!, $r: [ProjectRole!]!) { setProjectMemberRoles(projectId: $p, userId: $u, roles: $r) { roles } }', {
      p: options.projectId,
      u: created.user.id,
      r: options.roles,
    }),
  );
  const session = await loginSession(graphqlUrl, email, created.generatedPassword);
  const token = orThrow(
    'createApiToken',
    await graphqlCall<{ createApiToken: { id: string; token: string } }>(graphqlUrl, session, 'mutation($n: String!) { createApiToken(name: $n) { id token } }', {
      n: options.name,
    }),
  ).createApiToken;
  return { userId: created.user.id, email, password: created.generatedPassword, tokenId: token.id, token: token.token };
}

/** Makes the user of `token` (an instance admin's) a member of a project with these roles. */
export async function joinProject(graphqlUrl: string, token: string, projectId: string, roles: string[]): Promise<void> {
  const me = orThrow('me', await graphqlCall<{ me: { user: { id: string } } }>(graphqlUrl, { token }, '{ me { user { id } } }')).me;
  orThrow(
    'setProjectMemberRoles',
    await graphqlCall(graphqlUrl, { token }, 'mutation($p: ID!, $u: ID!, $r: [ProjectRole!]!) { setProjectMemberRoles(projectId: $p, userId: $u, roles: $r) { roles } }', {
      p: projectId,
      u: me.user.id,
      r: roles,
    }),
  );
}
