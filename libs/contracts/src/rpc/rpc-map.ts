import { RPC } from '../subjects';
import type { GetAnalysisReply, GetAnalysisRequest, ListAnalysesReply, ListAnalysesRequest, ReproduceAnalysisReply, ReproduceAnalysisRequest, SaveAnalysisReply, SaveAnalysisRequest } from '../insights/analyses.rpc';
import { getAnalysisRequestSchema, listAnalysesRequestSchema, reproduceAnalysisRequestSchema, saveAnalysisRequestSchema } from '../insights/analyses.rpc';
import type { FunnelPersonsReply, FunnelPersonsRequest, FunnelReply, FunnelRequest } from '../insights/funnel.query';
import { funnelPersonsRequestSchema, funnelRequestSchema } from '../insights/funnel.query';
import type { ListIdentityConflictsReply, ListIdentityConflictsRequest } from '../insights/identity-conflicts.rpc';
import { listIdentityConflictsRequestSchema } from '../insights/identity-conflicts.rpc';
import type { ErasePersonReply, ErasePersonRequest } from '../persons/person-erasure.rpc';
import { erasePersonRequestSchema } from '../persons/person-erasure.rpc';
import type { LifecycleReply, LifecycleRequest } from '../insights/lifecycle.query';
import { lifecycleRequestSchema } from '../insights/lifecycle.query';
import type { PathsReply, PathsRequest } from '../insights/paths.query';
import { pathsRequestSchema } from '../insights/paths.query';
import type { PropertyCatalogReply, PropertyCatalogRequest } from '../insights/property-catalog.query';
import { propertyCatalogRequestSchema } from '../insights/property-catalog.query';
import type { RetentionReply, RetentionRequest } from '../insights/retention.query';
import { retentionRequestSchema } from '../insights/retention.query';
import type { SqlQueryReplyDto, SqlQueryRequest } from '../insights/sql-query.rpc';
import { sqlQueryRequestSchema } from '../insights/sql-query.rpc';
import type { StickinessReply, StickinessRequest } from '../insights/stickiness.query';
import { stickinessRequestSchema } from '../insights/stickiness.query';
import type { TrendReply, TrendRequest } from '../insights/trend.query';
import { trendRequestSchema } from '../insights/trend.query';
import type { EventCatalogReply, EventCatalogRequest } from './event-catalog.rpc';
import { eventCatalogRequestSchema } from './event-catalog.rpc';
import type {
  CreateProjectReply,
  CreateProjectRequest,
  GetProjectReply,
  GetProjectRequest,
  ListProjectsReply,
  ListProjectsRequest,
  SetProjectTimeZoneRequest,
} from './project.rpc';
import type { AuditPublicKeyReply, AuditPublicKeyRequest, AuditProofReply, AuditProofRequest, AuditTrailPageReply, AuditTrailPageRequest, ExportAuditTrailReply, ExportAuditTrailRequest } from '../governance/audit-trail.rpc';
import type { ListAuditsReply, ListAuditsRequest, ListRulesReply, ListRulesRequest, RunAuditReply, RunAuditRequest } from '../governance/audits.rpc';
import type {
  EraseDecisionSubjectReply,
  EraseDecisionSubjectRequest,
  RecordDecisionsReply,
  RecordDecisionsRequest,
  RecordOutcomesReply,
  RecordOutcomesRequest,
} from '../governance/decisions.rpc';
import type { FairnessReportReply, FairnessReportRequest } from '../governance/fairness.rpc';
import type {
  GetModelVersionReply,
  GetModelVersionRequest,
  ListAliasMovesReply,
  ListAliasMovesRequest,
  ListModelVersionsReply,
  ListModelVersionsRequest,
  ListModelsReply,
  ListModelsRequest,
  RegisterModelReply,
  RegisterModelRequest,
  RegisterModelVersionReply,
  RegisterModelVersionRequest,
  SetAliasReply,
  SetAliasRequest,
} from '../governance/model-registry.rpc';
import type { DecisionProvenanceReply, DecisionProvenanceRequest } from '../governance/provenance.rpc';
import type { AdoptUnscopedReply, AdoptUnscopedRequest } from '../governance/project-adoption.rpc';
import {
  adoptUnscopedRequestSchema,
  auditProofRequestSchema,
  auditPublicKeyRequestSchema,
  auditTrailPageRequestSchema,
  decisionProvenanceRequestSchema,
  eraseDecisionSubjectRequestSchema,
  exportAuditTrailRequestSchema,
  fairnessReportRequestSchema,
  getModelVersionRequestSchema,
  listAliasMovesRequestSchema,
  listAuditsRequestSchema,
  listModelVersionsRequestSchema,
  listModelsRequestSchema,
  listRulesRequestSchema,
  recordDecisionsRequestSchema,
  recordOutcomesRequestSchema,
  registerModelRequestSchema,
  registerModelVersionRequestSchema,
  runAuditRequestSchema,
  setAliasRequestSchema,
} from '../governance/governance.schemas';
import { createProjectRequestSchema, getProjectRequestSchema, listProjectsRequestSchema, setProjectTimeZoneRequestSchema } from './project.rpc';
import type { CreateWriteKeyReply, CreateWriteKeyRequest, ListWriteKeysReply, ListWriteKeysRequest, RevokeWriteKeyReply, RevokeWriteKeyRequest } from './write-key.rpc';
import { createWriteKeyRequestSchema, listWriteKeysRequestSchema, revokeWriteKeyRequestSchema } from './write-key.rpc';

/** Subject → request and reply types: a wrong payload is a compile error at both ends. */
export interface RpcMap {
  [RPC.ingestProjectsCreate]: { request: CreateProjectRequest; reply: CreateProjectReply };
  [RPC.ingestProjectsList]: { request: ListProjectsRequest; reply: ListProjectsReply };
  [RPC.ingestProjectsGet]: { request: GetProjectRequest; reply: GetProjectReply };
  [RPC.ingestProjectsSetTimeZone]: { request: SetProjectTimeZoneRequest; reply: GetProjectReply };
  [RPC.ingestWriteKeysCreate]: { request: CreateWriteKeyRequest; reply: CreateWriteKeyReply };
  [RPC.ingestWriteKeysList]: { request: ListWriteKeysRequest; reply: ListWriteKeysReply };
  [RPC.ingestWriteKeysRevoke]: { request: RevokeWriteKeyRequest; reply: RevokeWriteKeyReply };
  [RPC.analyticsEventCatalogGet]: { request: EventCatalogRequest; reply: EventCatalogReply };
  [RPC.analyticsTrendGet]: { request: TrendRequest; reply: TrendReply };
  [RPC.analyticsFunnelGet]: { request: FunnelRequest; reply: FunnelReply };
  [RPC.analyticsFunnelPersonsGet]: { request: FunnelPersonsRequest; reply: FunnelPersonsReply };
  [RPC.analyticsRetentionGet]: { request: RetentionRequest; reply: RetentionReply };
  [RPC.analyticsStickinessGet]: { request: StickinessRequest; reply: StickinessReply };
  [RPC.analyticsLifecycleGet]: { request: LifecycleRequest; reply: LifecycleReply };
  [RPC.analyticsPathsGet]: { request: PathsRequest; reply: PathsReply };
  [RPC.analyticsPropertyCatalogGet]: { request: PropertyCatalogRequest; reply: PropertyCatalogReply };
  [RPC.analyticsSqlRun]: { request: SqlQueryRequest; reply: SqlQueryReplyDto };
  [RPC.analyticsAnalysesSave]: { request: SaveAnalysisRequest; reply: SaveAnalysisReply };
  [RPC.analyticsAnalysesGet]: { request: GetAnalysisRequest; reply: GetAnalysisReply };
  [RPC.analyticsAnalysesList]: { request: ListAnalysesRequest; reply: ListAnalysesReply };
  [RPC.analyticsAnalysesReproduce]: { request: ReproduceAnalysisRequest; reply: ReproduceAnalysisReply };
  [RPC.analyticsIdentityConflictsList]: { request: ListIdentityConflictsRequest; reply: ListIdentityConflictsReply };
  [RPC.analyticsPersonErase]: { request: ErasePersonRequest; reply: ErasePersonReply };
  [RPC.governanceModelsRegister]: { request: RegisterModelRequest; reply: RegisterModelReply };
  [RPC.governanceModelVersionsRegister]: { request: RegisterModelVersionRequest; reply: RegisterModelVersionReply };
  [RPC.governanceAliasesSet]: { request: SetAliasRequest; reply: SetAliasReply };
  [RPC.governanceModelsList]: { request: ListModelsRequest; reply: ListModelsReply };
  [RPC.governanceModelVersionsGet]: { request: GetModelVersionRequest; reply: GetModelVersionReply };
  [RPC.governanceModelVersionsList]: { request: ListModelVersionsRequest; reply: ListModelVersionsReply };
  [RPC.governanceAliasMovesList]: { request: ListAliasMovesRequest; reply: ListAliasMovesReply };
  [RPC.governanceDecisionsRecord]: { request: RecordDecisionsRequest; reply: RecordDecisionsReply };
  [RPC.governanceOutcomesRecord]: { request: RecordOutcomesRequest; reply: RecordOutcomesReply };
  [RPC.governanceDecisionSubjectErase]: { request: EraseDecisionSubjectRequest; reply: EraseDecisionSubjectReply };
  [RPC.governanceFairnessReportGet]: { request: FairnessReportRequest; reply: FairnessReportReply };
  [RPC.governanceRulesList]: { request: ListRulesRequest; reply: ListRulesReply };
  [RPC.governanceAuditsRun]: { request: RunAuditRequest; reply: RunAuditReply };
  [RPC.governanceAuditsList]: { request: ListAuditsRequest; reply: ListAuditsReply };
  [RPC.governanceAuditTrailList]: { request: AuditTrailPageRequest; reply: AuditTrailPageReply };
  [RPC.governanceAuditProofGet]: { request: AuditProofRequest; reply: AuditProofReply };
  [RPC.governanceAuditPublicKeyGet]: { request: AuditPublicKeyRequest; reply: AuditPublicKeyReply };
  [RPC.governanceAuditTrailExport]: { request: ExportAuditTrailRequest; reply: ExportAuditTrailReply };
  [RPC.governanceDecisionProvenanceGet]: { request: DecisionProvenanceRequest; reply: DecisionProvenanceReply };
  [RPC.governanceProjectsAdoptUnscoped]: { request: AdoptUnscopedRequest; reply: AdoptUnscopedReply };
}

export type RpcRequest<S extends keyof RpcMap> = RpcMap[S]['request'];
export type RpcReply<S extends keyof RpcMap> = RpcMap[S]['reply'];

/** One JSON Schema per request message; the receiving service validates against it. */
export const RPC_REQUEST_SCHEMAS: { readonly [S in keyof RpcMap]: object } = {
  [RPC.ingestProjectsCreate]: createProjectRequestSchema,
  [RPC.ingestProjectsList]: listProjectsRequestSchema,
  [RPC.ingestProjectsGet]: getProjectRequestSchema,
  [RPC.ingestProjectsSetTimeZone]: setProjectTimeZoneRequestSchema,
  [RPC.ingestWriteKeysCreate]: createWriteKeyRequestSchema,
  [RPC.ingestWriteKeysList]: listWriteKeysRequestSchema,
  [RPC.ingestWriteKeysRevoke]: revokeWriteKeyRequestSchema,
  [RPC.analyticsEventCatalogGet]: eventCatalogRequestSchema,
  [RPC.analyticsTrendGet]: trendRequestSchema,
  [RPC.analyticsFunnelGet]: funnelRequestSchema,
  [RPC.analyticsFunnelPersonsGet]: funnelPersonsRequestSchema,
  [RPC.analyticsRetentionGet]: retentionRequestSchema,
  [RPC.analyticsStickinessGet]: stickinessRequestSchema,
  [RPC.analyticsLifecycleGet]: lifecycleRequestSchema,
  [RPC.analyticsPathsGet]: pathsRequestSchema,
  [RPC.analyticsPropertyCatalogGet]: propertyCatalogRequestSchema,
  [RPC.analyticsSqlRun]: sqlQueryRequestSchema,
  [RPC.analyticsAnalysesSave]: saveAnalysisRequestSchema,
  [RPC.analyticsAnalysesGet]: getAnalysisRequestSchema,
  [RPC.analyticsAnalysesList]: listAnalysesRequestSchema,
  [RPC.analyticsAnalysesReproduce]: reproduceAnalysisRequestSchema,
  [RPC.analyticsIdentityConflictsList]: listIdentityConflictsRequestSchema,
  [RPC.analyticsPersonErase]: erasePersonRequestSchema,
  [RPC.governanceModelsRegister]: registerModelRequestSchema,
  [RPC.governanceModelVersionsRegister]: registerModelVersionRequestSchema,
  [RPC.governanceAliasesSet]: setAliasRequestSchema,
  [RPC.governanceModelsList]: listModelsRequestSchema,
  [RPC.governanceModelVersionsGet]: getModelVersionRequestSchema,
  [RPC.governanceModelVersionsList]: listModelVersionsRequestSchema,
  [RPC.governanceAliasMovesList]: listAliasMovesRequestSchema,
  [RPC.governanceDecisionsRecord]: recordDecisionsRequestSchema,
  [RPC.governanceOutcomesRecord]: recordOutcomesRequestSchema,
  [RPC.governanceDecisionSubjectErase]: eraseDecisionSubjectRequestSchema,
  [RPC.governanceFairnessReportGet]: fairnessReportRequestSchema,
  [RPC.governanceRulesList]: listRulesRequestSchema,
  [RPC.governanceAuditsRun]: runAuditRequestSchema,
  [RPC.governanceAuditsList]: listAuditsRequestSchema,
  [RPC.governanceAuditTrailList]: auditTrailPageRequestSchema,
  [RPC.governanceAuditProofGet]: auditProofRequestSchema,
  [RPC.governanceAuditPublicKeyGet]: auditPublicKeyRequestSchema,
  [RPC.governanceAuditTrailExport]: exportAuditTrailRequestSchema,
  [RPC.governanceDecisionProvenanceGet]: decisionProvenanceRequestSchema,
  [RPC.governanceProjectsAdoptUnscoped]: adoptUnscopedRequestSchema,
};
