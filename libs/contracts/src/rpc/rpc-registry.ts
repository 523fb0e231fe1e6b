/**
 * Every core-NATS request/reply subject (Nest `@MessagePattern`), each registered once with its
 * request schema and reply type. `RPC`, `RpcMap` and `RPC_REQUEST_SCHEMAS` are derived from this one
 * table: adding an RPC is adding one entry. Subjects: `<service>.<noun>.<verb>.v1`.
 */
import type { TSchema } from '@sinclair/typebox';
import {
  type AttachEvidenceReply,
  type EvidenceFreshnessReply,
  type ItemsForAnalysisReply,
  type ListEvidenceReply,
  type WithdrawEvidenceReply,
  attachEvidenceRequestSchema,
  evidenceFreshnessRequestSchema,
  itemsForAnalysisRequestSchema,
  listEvidenceRequestSchema,
  withdrawEvidenceRequestSchema,
} from '../backlog/evidence.rpc';
import {
  type EvaluateSuccessMetricsReply,
  type ListSuccessMetricEvaluationsReply,
  type ListSuccessMetricsReply,
  type ReevaluateSuccessMetricAtReply,
  type SuccessMetricChangeReply,
  defineSuccessMetricRequestSchema,
  editSuccessMetricRequestSchema,
  evaluateSuccessMetricsRequestSchema,
  listSuccessMetricEvaluationsRequestSchema,
  listSuccessMetricsRequestSchema,
  reevaluateSuccessMetricAtRequestSchema,
  retireSuccessMetricRequestSchema,
} from '../backlog/success-metrics.rpc';
import {
  type BacklogGraphReply,
  backlogGraphRequestSchema,
} from '../backlog/graph.rpc';
import {
  type BacklogBoardReply,
  type BacklogHistoryReply,
  type BacklogItemReply,
  backlogBoardRequestSchema,
  backlogHistoryRequestSchema,
  createBacklogItemRequestSchema,
  getBacklogItemRequestSchema,
  moveBacklogItemRequestSchema,
  rankBacklogItemRequestSchema,
  updateBacklogItemRequestSchema,
} from '../backlog/items.rpc';
import {
  type BacklogLinkChangeReply,
  type ListBacklogLinksReply,
  addBacklogLinkRequestSchema,
  listBacklogLinksRequestSchema,
  removeBacklogLinkRequestSchema,
} from '../backlog/links.rpc';
import {
  type GetTrackSettingsReply,
  type SetTrackSettingsReply,
  getTrackSettingsRequestSchema,
  setTrackSettingsRequestSchema,
} from '../backlog/track-settings.rpc';
import {
  type AuditProofReply,
  type AuditPublicKeyReply,
  type AuditTrailPageReply,
  type ExportAuditTrailReply,
  auditProofRequestSchema,
  auditPublicKeyRequestSchema,
  auditTrailPageRequestSchema,
  exportAuditTrailRequestSchema,
} from '../governance/audit-trail.rpc';
import {
  type ListAuditsReply,
  type ListRulesReply,
  type RunAuditReply,
  listAuditsRequestSchema,
  listRulesRequestSchema,
  runAuditRequestSchema,
} from '../governance/audits.rpc';
import {
  type EraseDecisionSubjectReply,
  type RecordDecisionsReply,
  type RecordOutcomesReply,
  eraseDecisionSubjectRequestSchema,
  recordDecisionsRequestSchema,
  recordOutcomesRequestSchema,
} from '../governance/decisions.rpc';
import { type FairnessReportReply, fairnessReportRequestSchema } from '../governance/fairness.rpc';
import {
  type GetModelVersionReply,
  type ListAliasMovesReply,
  type ListModelVersionsReply,
  type ListModelsReply,
  type RegisterModelReply,
  type RegisterModelVersionReply,
  type SetAliasReply,
  getModelVersionRequestSchema,
  listAliasMovesRequestSchema,
  listModelVersionsRequestSchema,
  listModelsRequestSchema,
  registerModelRequestSchema,
  registerModelVersionRequestSchema,
  setAliasRequestSchema,
} from '../governance/model-registry.rpc';
import { type AdoptUnscopedReply, adoptUnscopedRequestSchema } from '../governance/project-adoption.rpc';
import { type DecisionProvenanceReply, decisionProvenanceRequestSchema } from '../governance/provenance.rpc';
import { type ListRejectedDecisionsReply, listRejectedDecisionsRequestSchema } from '../governance/rejected-decisions.rpc';
import {
  type GetAnalysisReply,
  type ListAnalysesReply,
  type ReproduceAnalysisReply,
  type SaveAnalysisReply,
  getAnalysisRequestSchema,
  listAnalysesRequestSchema,
  reproduceAnalysisRequestSchema,
  saveAnalysisRequestSchema,
} from '../insights/analyses.rpc';
import { type RecomputeAnalysisReply, recomputeAnalysisRequestSchema } from '../insights/analysis-recompute.rpc';
import { type DataVersionReply, dataVersionRequestSchema } from '../insights/data-version.rpc';
import { type FunnelPersonsReply, type FunnelReply, funnelPersonsRequestSchema, funnelRequestSchema } from '../insights/funnel.query';
import { type ListIdentityConflictsReply, listIdentityConflictsRequestSchema } from '../insights/identity-conflicts.rpc';
import { type LifecycleReply, lifecycleRequestSchema } from '../insights/lifecycle.query';
import { type PathsReply, pathsRequestSchema } from '../insights/paths.query';
import { type PropertyCatalogReply, propertyCatalogRequestSchema } from '../insights/property-catalog.query';
import { type RetentionReply, retentionRequestSchema } from '../insights/retention.query';
import { type SqlQueryReplyDto, sqlQueryRequestSchema } from '../insights/sql-query.rpc';
import { type StickinessReply, stickinessRequestSchema } from '../insights/stickiness.query';
import { type TrendReply, trendRequestSchema } from '../insights/trend.query';
import { type ErasePersonReply, erasePersonRequestSchema } from '../persons/person-erasure.rpc';
import { type EventCatalogReply, eventCatalogRequestSchema } from './event-catalog.rpc';
import {
  type CreateProjectReply,
  type GetProjectReply,
  type ListProjectsReply,
  createProjectRequestSchema,
  getProjectRequestSchema,
  listProjectsRequestSchema,
  setProjectTimeZoneRequestSchema,
} from './project.rpc';
import { type ReplyOf, type RequestOf, defineRpc } from './rpc-definition';
import {
  type ListTrackingPlanVersionsReply,
  type TrackingPlanReply,
  getTrackingPlanRequestSchema,
  listTrackingPlanVersionsRequestSchema,
  publishTrackingPlanRequestSchema,
  setTrackingPlanModeRequestSchema,
} from '../tracking-plan/tracking-plan.rpc';
import {
  type CreateWriteKeyReply,
  type ListWriteKeysReply,
  type RevokeWriteKeyReply,
  createWriteKeyRequestSchema,
  listWriteKeysRequestSchema,
  revokeWriteKeyRequestSchema,
} from './write-key.rpc';

/** Name → RPC. The names are those of `RPC` (`RPC.analyticsTrendGet`). */
export const RPC_DEFINITIONS = {
  ingestProjectsCreate: defineRpc('ingest.projects.create.v1', createProjectRequestSchema).reply<CreateProjectReply>(),
  ingestProjectsList: defineRpc('ingest.projects.list.v1', listProjectsRequestSchema).reply<ListProjectsReply>(),
  ingestProjectsGet: defineRpc('ingest.projects.get.v1', getProjectRequestSchema).reply<GetProjectReply>(),
  ingestProjectsSetTimeZone: defineRpc('ingest.projects.set-time-zone.v1', setProjectTimeZoneRequestSchema).reply<GetProjectReply>(),
  ingestWriteKeysCreate: defineRpc('ingest.write-keys.create.v1', createWriteKeyRequestSchema).reply<CreateWriteKeyReply>(),
  ingestWriteKeysList: defineRpc('ingest.write-keys.list.v1', listWriteKeysRequestSchema).reply<ListWriteKeysReply>(),
  ingestWriteKeysRevoke: defineRpc('ingest.write-keys.revoke.v1', revokeWriteKeyRequestSchema).reply<RevokeWriteKeyReply>(),
  ingestTrackingPlanPublish: defineRpc('ingest.tracking-plan.publish.v1', publishTrackingPlanRequestSchema).reply<TrackingPlanReply>(),
  ingestTrackingPlanGet: defineRpc('ingest.tracking-plan.get.v1', getTrackingPlanRequestSchema).reply<TrackingPlanReply>(),
  ingestTrackingPlanVersionsList: defineRpc('ingest.tracking-plan.versions.list.v1', listTrackingPlanVersionsRequestSchema).reply<ListTrackingPlanVersionsReply>(),
  ingestTrackingPlanModeSet: defineRpc('ingest.tracking-plan.mode.set.v1', setTrackingPlanModeRequestSchema).reply<TrackingPlanReply>(),
  analyticsEventCatalogGet: defineRpc('analytics.event-catalog.get.v1', eventCatalogRequestSchema).reply<EventCatalogReply>(),
  analyticsTrendGet: defineRpc('analytics.insights.trend.get.v1', trendRequestSchema).reply<TrendReply>(),
  analyticsFunnelGet: defineRpc('analytics.insights.funnel.get.v1', funnelRequestSchema).reply<FunnelReply>(),
  analyticsFunnelPersonsGet: defineRpc('analytics.insights.funnel-persons.get.v1', funnelPersonsRequestSchema).reply<FunnelPersonsReply>(),
  analyticsRetentionGet: defineRpc('analytics.insights.retention.get.v1', retentionRequestSchema).reply<RetentionReply>(),
  analyticsStickinessGet: defineRpc('analytics.insights.stickiness.get.v1', stickinessRequestSchema).reply<StickinessReply>(),
  analyticsLifecycleGet: defineRpc('analytics.insights.lifecycle.get.v1', lifecycleRequestSchema).reply<LifecycleReply>(),
  analyticsPathsGet: defineRpc('analytics.insights.paths.get.v1', pathsRequestSchema).reply<PathsReply>(),
  analyticsPropertyCatalogGet: defineRpc('analytics.insights.property-catalog.get.v1', propertyCatalogRequestSchema).reply<PropertyCatalogReply>(),
  analyticsSqlRun: defineRpc('analytics.sql.run.v1', sqlQueryRequestSchema).reply<SqlQueryReplyDto>(),
  analyticsAnalysesSave: defineRpc('analytics.analyses.save.v1', saveAnalysisRequestSchema).reply<SaveAnalysisReply>(),
  analyticsAnalysesGet: defineRpc('analytics.analyses.get.v1', getAnalysisRequestSchema).reply<GetAnalysisReply>(),
  analyticsAnalysesList: defineRpc('analytics.analyses.list.v1', listAnalysesRequestSchema).reply<ListAnalysesReply>(),
  analyticsAnalysesReproduce: defineRpc('analytics.analyses.reproduce.v1', reproduceAnalysisRequestSchema).reply<ReproduceAnalysisReply>(),
  analyticsAnalysesRecompute: defineRpc('analytics.analyses.recompute.v1', recomputeAnalysisRequestSchema).reply<RecomputeAnalysisReply>(),
  analyticsDataVersionGet: defineRpc('analytics.data-version.get.v1', dataVersionRequestSchema).reply<DataVersionReply>(),
  backlogEvidenceAttach: defineRpc('backlog.evidence.attach.v1', attachEvidenceRequestSchema).reply<AttachEvidenceReply>(),
  backlogEvidenceWithdraw: defineRpc('backlog.evidence.withdraw.v1', withdrawEvidenceRequestSchema).reply<WithdrawEvidenceReply>(),
  backlogEvidenceList: defineRpc('backlog.evidence.list.v1', listEvidenceRequestSchema).reply<ListEvidenceReply>(),
  backlogEvidenceFreshness: defineRpc('backlog.evidence.freshness.v1', evidenceFreshnessRequestSchema).reply<EvidenceFreshnessReply>(),
  backlogEvidenceItemsForAnalysis: defineRpc('backlog.evidence.items-for-analysis.v1', itemsForAnalysisRequestSchema).reply<ItemsForAnalysisReply>(),
  backlogSuccessMetricsDefine: defineRpc('backlog.success-metrics.define.v1', defineSuccessMetricRequestSchema).reply<SuccessMetricChangeReply>(),
  backlogSuccessMetricsEdit: defineRpc('backlog.success-metrics.edit.v1', editSuccessMetricRequestSchema).reply<SuccessMetricChangeReply>(),
  backlogSuccessMetricsRetire: defineRpc('backlog.success-metrics.retire.v1', retireSuccessMetricRequestSchema).reply<SuccessMetricChangeReply>(),
  backlogSuccessMetricsList: defineRpc('backlog.success-metrics.list.v1', listSuccessMetricsRequestSchema).reply<ListSuccessMetricsReply>(),
  backlogSuccessMetricsEvaluate: defineRpc('backlog.success-metrics.evaluate.v1', evaluateSuccessMetricsRequestSchema).reply<EvaluateSuccessMetricsReply>(),
  backlogSuccessMetricsEvaluationsList: defineRpc('backlog.success-metrics.evaluations.list.v1', listSuccessMetricEvaluationsRequestSchema).reply<ListSuccessMetricEvaluationsReply>(),
  backlogSuccessMetricsReevaluateAt: defineRpc('backlog.success-metrics.reevaluate-at.v1', reevaluateSuccessMetricAtRequestSchema).reply<ReevaluateSuccessMetricAtReply>(),
  analyticsIdentityConflictsList: defineRpc('analytics.identity-conflicts.list.v1', listIdentityConflictsRequestSchema).reply<ListIdentityConflictsReply>(),
  analyticsPersonErase: defineRpc('analytics.person.erase.v1', erasePersonRequestSchema).reply<ErasePersonReply>(),
  backlogItemsCreate: defineRpc('backlog.items.create.v1', createBacklogItemRequestSchema).reply<BacklogItemReply>(),
  backlogItemsUpdate: defineRpc('backlog.items.update.v1', updateBacklogItemRequestSchema).reply<BacklogItemReply>(),
  backlogItemsMove: defineRpc('backlog.items.move.v1', moveBacklogItemRequestSchema).reply<BacklogItemReply>(),
  backlogItemsRank: defineRpc('backlog.items.rank.v1', rankBacklogItemRequestSchema).reply<BacklogItemReply>(),
  backlogItemsGet: defineRpc('backlog.items.get.v1', getBacklogItemRequestSchema).reply<BacklogItemReply>(),
  backlogBoardGet: defineRpc('backlog.board.get.v1', backlogBoardRequestSchema).reply<BacklogBoardReply>(),
  backlogHistoryList: defineRpc('backlog.history.list.v1', backlogHistoryRequestSchema).reply<BacklogHistoryReply>(),
  backlogTrackSettingsGet: defineRpc('backlog.track-settings.get.v1', getTrackSettingsRequestSchema).reply<GetTrackSettingsReply>(),
  backlogTrackSettingsSet: defineRpc('backlog.track-settings.set.v1', setTrackSettingsRequestSchema).reply<SetTrackSettingsReply>(),
  backlogLinksAdd: defineRpc('backlog.links.add.v1', addBacklogLinkRequestSchema).reply<BacklogLinkChangeReply>(),
  backlogLinksRemove: defineRpc('backlog.links.remove.v1', removeBacklogLinkRequestSchema).reply<BacklogLinkChangeReply>(),
  backlogLinksList: defineRpc('backlog.links.list.v1', listBacklogLinksRequestSchema).reply<ListBacklogLinksReply>(),
  backlogGraphGet: defineRpc('backlog.graph.get.v1', backlogGraphRequestSchema).reply<BacklogGraphReply>(),
  governanceModelsRegister: defineRpc('governance.models.register.v1', registerModelRequestSchema).reply<RegisterModelReply>(),
  governanceModelVersionsRegister: defineRpc('governance.model-versions.register.v1', registerModelVersionRequestSchema).reply<RegisterModelVersionReply>(),
  governanceAliasesSet: defineRpc('governance.aliases.set.v1', setAliasRequestSchema).reply<SetAliasReply>(),
  governanceModelsList: defineRpc('governance.models.list.v1', listModelsRequestSchema).reply<ListModelsReply>(),
  governanceModelVersionsGet: defineRpc('governance.model-versions.get.v1', getModelVersionRequestSchema).reply<GetModelVersionReply>(),
  governanceModelVersionsList: defineRpc('governance.model-versions.list.v1', listModelVersionsRequestSchema).reply<ListModelVersionsReply>(),
  governanceAliasMovesList: defineRpc('governance.alias-moves.list.v1', listAliasMovesRequestSchema).reply<ListAliasMovesReply>(),
  governanceDecisionsRecord: defineRpc('governance.decisions.record.v1', recordDecisionsRequestSchema).reply<RecordDecisionsReply>(),
  governanceOutcomesRecord: defineRpc('governance.outcomes.record.v1', recordOutcomesRequestSchema).reply<RecordOutcomesReply>(),
  governanceDecisionSubjectErase: defineRpc('governance.decision-subject.erase.v1', eraseDecisionSubjectRequestSchema).reply<EraseDecisionSubjectReply>(),
  governanceRejectedDecisionsList: defineRpc('governance.rejected-decisions.list.v1', listRejectedDecisionsRequestSchema).reply<ListRejectedDecisionsReply>(),
  governanceFairnessReportGet: defineRpc('governance.fairness-report.get.v1', fairnessReportRequestSchema).reply<FairnessReportReply>(),
  governanceRulesList: defineRpc('governance.rules.list.v1', listRulesRequestSchema).reply<ListRulesReply>(),
  governanceAuditsRun: defineRpc('governance.audits.run.v1', runAuditRequestSchema).reply<RunAuditReply>(),
  governanceAuditsList: defineRpc('governance.audits.list.v1', listAuditsRequestSchema).reply<ListAuditsReply>(),
  governanceAuditTrailList: defineRpc('governance.audit-trail.list.v1', auditTrailPageRequestSchema).reply<AuditTrailPageReply>(),
  governanceAuditProofGet: defineRpc('governance.audit-proof.get.v1', auditProofRequestSchema).reply<AuditProofReply>(),
  governanceAuditPublicKeyGet: defineRpc('governance.audit-public-key.get.v1', auditPublicKeyRequestSchema).reply<AuditPublicKeyReply>(),
  governanceAuditTrailExport: defineRpc('governance.audit-trail.export.v1', exportAuditTrailRequestSchema).reply<ExportAuditTrailReply>(),
  governanceDecisionProvenanceGet: defineRpc('governance.decision-provenance.get.v1', decisionProvenanceRequestSchema).reply<DecisionProvenanceReply>(),
  governanceProjectsAdoptUnscoped: defineRpc('governance.projects.adopt-unscoped.v1', adoptUnscopedRequestSchema).reply<AdoptUnscopedReply>(),
};

type Definitions = typeof RPC_DEFINITIONS;
type Definition = Definitions[keyof Definitions];

/** Name → subject (`RPC.analyticsTrendGet === 'analytics.insights.trend.get.v1'`). */
export const RPC = Object.fromEntries(Object.entries(RPC_DEFINITIONS).map(([key, rpc]) => [key, rpc.subject])) as {
  readonly [K in keyof Definitions]: Definitions[K]['subject'];
};

export type RpcSubject = Definition['subject'];

/** Subject → request and reply types: a wrong payload is a compile error at both ends. */
export type RpcMap = { [D in Definition as D['subject']]: { request: RequestOf<D>; reply: ReplyOf<D> } };
export type RpcRequest<S extends keyof RpcMap> = RpcMap[S]['request'];
export type RpcReply<S extends keyof RpcMap> = RpcMap[S]['reply'];

/** Subject → the JSON Schema of its request; the receiving service validates against it (`RpcPayloadPipe`). */
export const RPC_REQUEST_SCHEMAS = Object.fromEntries(Object.values(RPC_DEFINITIONS).map((rpc) => [rpc.subject, rpc.request])) as {
  readonly [S in RpcSubject]: TSchema;
};
