import { ProjectRole } from './project-role';

/**
 * Who may call what: every Query and Mutation field of the schema has exactly one row, and the
 * auth guard reads nothing else (a field without a row is refused; a test enumerates schema.gql
 * against this table and docs/api.md renders it).
 *
 * - `public`: no credential (login).
 * - `authenticated`: any signed-in user or API token; the field itself shows only what is the
 *   caller's own or visible to them (e.g. `projects` lists the caller's projects).
 * - `instance-admin`: instance admins (users, creating projects).
 * - `project`: a member of the project named by the `projectId` argument (or `input.projectId`)
 *   holding one of `roles`. Someone outside the project hears NOT_FOUND, exactly as for a project
 *   that does not exist (no existence leak); a member without the role hears FORBIDDEN.
 *   `instanceAdmins: true` (only member management) also lets instance admins in, member or not:
 *   the way to recover a project whose last admin left or was disabled.
 */
export type Access =
  | { readonly scope: 'public' }
  | { readonly scope: 'authenticated' }
  | { readonly scope: 'instance-admin' }
  | { readonly scope: 'project'; readonly roles: readonly ProjectRole[]; readonly instanceAdmins?: true };

const { PM, DESIGNER, ENGINEER, DATA_SCIENTIST, COMPLIANCE, ADMIN } = ProjectRole;
const EVERY_MEMBER = [PM, DESIGNER, ENGINEER, DATA_SCIENTIST, COMPLIANCE, ADMIN] as const;
const project = (...roles: ProjectRole[]): Access => ({ scope: 'project', roles });
const PUBLIC: Access = { scope: 'public' };
const AUTHENTICATED: Access = { scope: 'authenticated' };
const INSTANCE_ADMIN: Access = { scope: 'instance-admin' };

/** `Query.<field>` / `Mutation.<field>` → who may call it. */
export const AUTHORIZATION_MATRIX: Readonly<Record<string, Access>> = {
  // Projects
  'Query.projects': AUTHENTICATED,
  'Mutation.createProject': INSTANCE_ADMIN,
  'Mutation.setProjectTimeZone': project(ADMIN, PM),

  // Write keys (owned by ingest): engineers read them to configure SDKs; project admins create and revoke.
  'Query.writeKeys': project(ADMIN, ENGINEER),
  'Mutation.createWriteKey': project(ADMIN),
  'Mutation.revokeWriteKey': project(ADMIN),

  // Product analytics: every member reads; saving analyses and raw SQL are narrower.
  'Query.eventCatalog': project(...EVERY_MEMBER),
  'Query.trend': project(...EVERY_MEMBER),
  'Query.funnel': project(...EVERY_MEMBER),
  'Query.funnelPersons': project(...EVERY_MEMBER),
  'Query.retention': project(...EVERY_MEMBER),
  'Query.stickiness': project(...EVERY_MEMBER),
  'Query.lifecycle': project(...EVERY_MEMBER),
  'Query.paths': project(...EVERY_MEMBER),
  'Query.propertyCatalog': project(...EVERY_MEMBER),
  'Query.identityConflicts': project(...EVERY_MEMBER),
  'Query.sql': project(DATA_SCIENTIST, ADMIN),
  'Query.analyses': project(...EVERY_MEMBER),
  'Query.analysis': project(...EVERY_MEMBER),
  'Query.reproduceAnalysis': project(...EVERY_MEMBER),
  'Mutation.saveAnalysis': project(DATA_SCIENTIST, PM, ADMIN),
  'Mutation.erasePerson': project(COMPLIANCE, ADMIN),

  // Model governance: every member reads; data scientists register and record; compliance audits.
  'Query.models': project(...EVERY_MEMBER),
  'Query.modelVersion': project(...EVERY_MEMBER),
  'Query.modelVersions': project(...EVERY_MEMBER),
  'Query.aliasMoves': project(...EVERY_MEMBER),
  'Query.fairnessReport': project(...EVERY_MEMBER),
  'Query.audits': project(...EVERY_MEMBER),
  'Query.decisionProvenance': project(...EVERY_MEMBER),
  'Query.rules': AUTHENTICATED,
  'Mutation.registerModel': project(DATA_SCIENTIST, ADMIN),
  'Mutation.registerModelVersion': project(DATA_SCIENTIST, ADMIN),
  /** The production gate itself is the governance service's; overriding it needs COMPLIANCE or ADMIN (resolver). */
  'Mutation.setAlias': project(DATA_SCIENTIST, COMPLIANCE, ADMIN),
  'Mutation.recordDecisions': project(DATA_SCIENTIST, ADMIN),
  'Mutation.recordOutcomes': project(DATA_SCIENTIST, ADMIN),
  'Mutation.runAudit': project(COMPLIANCE, ADMIN),
  'Mutation.eraseDecisionSubject': project(COMPLIANCE, ADMIN),

  // The audit trail: one tree; a project's compliance reviewers read that project's entries.
  'Query.auditTrail': project(COMPLIANCE, ADMIN),
  'Query.auditProof': project(COMPLIANCE, ADMIN),
  'Query.auditPublicKey': AUTHENTICATED,
  'Query.exportAuditTrail': INSTANCE_ADMIN,

  // People, sessions and credentials
  'Mutation.login': PUBLIC,
  'Mutation.logout': AUTHENTICATED,
  'Query.me': AUTHENTICATED,
  'Mutation.changePassword': AUTHENTICATED,
  'Mutation.updateMyProfile': AUTHENTICATED,
  'Query.users': INSTANCE_ADMIN,
  'Mutation.createUser': INSTANCE_ADMIN,
  'Mutation.disableUser': INSTANCE_ADMIN,
  'Mutation.enableUser': INSTANCE_ADMIN,
  'Mutation.setInstanceAdmin': INSTANCE_ADMIN,
  'Query.projectMembers': { scope: 'project', roles: [ADMIN], instanceAdmins: true },
  'Mutation.setProjectMemberRoles': { scope: 'project', roles: [ADMIN], instanceAdmins: true },
  /** Own tokens; instance admins may list and revoke anyone's (resolver). */
  'Query.apiTokens': AUTHENTICATED,
  'Mutation.createApiToken': AUTHENTICATED,
  'Mutation.revokeApiToken': AUTHENTICATED,
};

/** Roles that may override the promotion gate in `setAlias` (checked by the resolver). */
export const GATE_OVERRIDE_ROLES: readonly ProjectRole[] = [COMPLIANCE, ADMIN];

/** The row of a GraphQL root field (`Query`/`Mutation` + field name). */
export function accessOf(parentType: string, fieldName: string): Access | undefined {
  return AUTHORIZATION_MATRIX[`${parentType}.${fieldName}`];
}
