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
/** Everyone who works on backlog items: every role but COMPLIANCE (which reads). */
const BACKLOG_EDITORS = [PM, DESIGNER, ENGINEER, DATA_SCIENTIST, ADMIN] as const;
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
  /** As decisionProvenance: the rows carry the same kind of data (pseudonyms, protected attributes). */
  'Query.rejectedDecisions': project(...EVERY_MEMBER),
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

  // The shared backlog: one team, one backlog. Every member reads; everyone but compliance works on
  // items in every track. Decisions (accept, reject, override the gate, estimate scales) are PMs' and
  // admins'; analyses, governance evidence and success metrics are data scientists'.
  'Query.backlogItem': project(...EVERY_MEMBER),
  'Query.backlogBoard': project(...EVERY_MEMBER),
  'Query.backlogItemHistory': project(...EVERY_MEMBER),
  'Query.backlogItemLinks': project(...EVERY_MEMBER),
  'Query.backlogGraph': project(...EVERY_MEMBER),
  'Query.backlogTrackSettings': project(...EVERY_MEMBER),
  'Query.backlogItemEvidence': project(...EVERY_MEMBER),
  'Query.evidenceFreshness': project(...EVERY_MEMBER),
  'Query.analysisBacklogItems': project(...EVERY_MEMBER),
  'Query.backlogItemSuccessMetrics': project(...EVERY_MEMBER),
  'Query.successMetricEvaluations': project(...EVERY_MEMBER),
  'Query.reproduceSuccessMetricEvaluation': project(...EVERY_MEMBER),
  'Mutation.createBacklogItem': project(...BACKLOG_EDITORS),
  'Mutation.updateBacklogItem': project(...BACKLOG_EDITORS),
  'Mutation.moveBacklogItem': project(...BACKLOG_EDITORS),
  'Mutation.rankBacklogItem': project(...BACKLOG_EDITORS),
  'Mutation.addBacklogLink': project(...BACKLOG_EDITORS),
  'Mutation.removeBacklogLink': project(...BACKLOG_EDITORS),
  'Mutation.attachLinkEvidence': project(...BACKLOG_EDITORS),
  'Mutation.withdrawEvidence': project(...BACKLOG_EDITORS),
  /** overrideReason (overriding the success-metrics gate) comes only through this row. */
  'Mutation.acceptBacklogItem': project(PM, ADMIN),
  'Mutation.rejectBacklogItem': project(PM, ADMIN),
  'Mutation.setBacklogTrackEstimateScale': project(PM, ADMIN),
  'Mutation.attachAnalysisEvidence': project(DATA_SCIENTIST, ADMIN),
  'Mutation.attachGovernanceEvidence': project(DATA_SCIENTIST, ADMIN),
  'Mutation.defineSuccessMetric': project(DATA_SCIENTIST, ADMIN),
  'Mutation.editSuccessMetric': project(DATA_SCIENTIST, ADMIN),
  'Mutation.retireSuccessMetric': project(DATA_SCIENTIST, ADMIN),
  'Mutation.evaluateSuccessMetrics': project(PM, DATA_SCIENTIST, ADMIN),

  // The tracking plan (owned by ingest): every member reads and exports it; data scientists and
  // engineers (who own the instrumentation) publish and import; how events are checked is the data
  // scientists' and admins' call.
  'Query.trackingPlan': project(...EVERY_MEMBER),
  'Query.trackingPlanVersions': project(...EVERY_MEMBER),
  'Query.exportTrackingPlan': project(...EVERY_MEMBER),
  'Mutation.publishTrackingPlan': project(DATA_SCIENTIST, ENGINEER, ADMIN),
  'Mutation.setTrackingPlanMode': project(DATA_SCIENTIST, ADMIN),

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
