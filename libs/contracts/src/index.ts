// Public vocabulary shared by every service. Named exports only (no `export *`).
export { EVENT_TYPES, MAX_EVENT_ID_LENGTH, MAX_NAME_LENGTH, RESERVED_EVENT_NAMES, canonicalEventSchema } from './events/canonical-event';
export type { CanonicalEvent, EventType, JsonObject } from './events/canonical-event';
export { EVENT_BATCH_MESSAGE_VERSION, eventBatchEnvelopeSchema, eventBatchMessageSchema } from './events/event-batch.message';
export {
  STORABLE_LIMITS,
  findUnstorableEvent,
  findUnstorableJson,
  findUnstorableName,
  hasControlCharacter,
  isStorableInstant,
  isWellFormedText,
  keyPath,
} from './events/storable-event.rule';
export type { StorableViolation } from './events/storable-event.rule';
export type { EventBatchMessage } from './events/event-batch.message';
export { CONSUMERS, QUEUE_GROUPS, STREAMS, SUBJECTS } from './subjects';
export { ERROR_CODES, isDomainErrorPayload, isErrorCode } from './errors/error-codes';
export type { DomainErrorPayload, ErrorCode } from './errors/error-codes';
export { DomainError } from './errors/domain.error';
export { RPC, RPC_REQUEST_SCHEMAS } from './rpc/rpc-registry';
export type { RpcMap, RpcReply, RpcRequest, RpcSubject } from './rpc/rpc-registry';
export { MAX_PROJECT_IDS_FILTER, MAX_PROJECT_NAME_LENGTH, PROJECT_KEY_PATTERN, PROJECT_LIST_PAGE } from './rpc/project.rpc';
export type {
  CreateProjectReply,
  CreateProjectRequest,
  GetProjectReply,
  GetProjectRequest,
  ListProjectsReply,
  ListProjectsRequest,
  ProjectDto,
  SetProjectTimeZoneRequest,
} from './rpc/project.rpc';
export type { EventCatalogEntryDto, EventCatalogReply, EventCatalogRequest } from './rpc/event-catalog.rpc';
export { INGEST_LIMITS } from './ingest/ingest-limits';
export {
  AUDIT_OUTCOMES,
  AUTOMATED_DECISION_BASES,
  FEATURE_SENSITIVITIES,
  FINDING_STATUSES,
  GOVERNANCE_LIMITS,
  GOVERNANCE_PAGES,
  LEGAL_BASES,
  PRODUCTION_ALIAS,
  RISK_LEVELS,
  SPECIAL_CATEGORY_GROUNDS,
} from './governance/governance.enums';
export type {
  AuditOutcome,
  AutomatedDecisionBasis,
  FeatureSensitivity,
  FindingStatus,
  LegalBasis,
  RiskLevel,
  SpecialCategoryGround,
} from './governance/governance.enums';
export type {
  AliasDto,
  AliasMoveDto,
  FeatureDto,
  GetModelVersionReply,
  GetModelVersionRequest,
  ListAliasMovesReply,
  ListAliasMovesRequest,
  ListModelVersionsReply,
  ListModelVersionsRequest,
  ListModelsReply,
  ListModelsRequest,
  ModelDto,
  ModelVersionDto,
  ProjectScoped,
  RegisterModelReply,
  RegisterModelRequest,
  RegisterModelVersionReply,
  RegisterModelVersionRequest,
  SetAliasReply,
  SetAliasRequest,
  TrainingDatasetDto,
} from './governance/model-registry.rpc';
export { decisionBatchMessageSchema, decisionBatchMessageV1Schema } from './governance/decisions.rpc';
export type {
  DecisionAttributes,
  DecisionBatchMessage,
  DecisionBatchMessageV1,
  DecisionInputDto,
  EraseDecisionSubjectReply,
  EraseDecisionSubjectRequest,
  OutcomeInputDto,
  RecordDecisionsReply,
  RecordDecisionsRequest,
  RecordOutcomesReply,
  RecordOutcomesRequest,
  RowRejectionDto,
} from './governance/decisions.rpc';
export type {
  FairnessReportReply,
  FairnessReportRequest,
  FairnessSummaryDto,
  GroupFairnessDto,
  GroupMemberDto,
} from './governance/fairness.rpc';
export type {
  AuditDto,
  FindingDto,
  ListAuditsReply,
  ListAuditsRequest,
  ListRulesReply,
  ListRulesRequest,
  RuleDto,
  RunAuditReply,
  RunAuditRequest,
} from './governance/audits.rpc';
export type {
  AuditActionMessage,
  AuditActionMessageV1,
  AuditActionMessageV2,
  AuditProofReply,
  AuditProofRequest,
  AuditPublicKeyReply,
  AuditPublicKeyRequest,
  AuditTrailEntryDto,
  AuditTrailPageReply,
  AuditTrailPageRequest,
  ConsistencyProofDto,
  ExportAuditTrailReply,
  ExportAuditTrailRequest,
  InclusionProofDto,
  SignedTreeHeadDto,
} from './governance/audit-trail.rpc';
export { auditActionMessageV1Schema, auditActionMessageV2Schema } from './governance/audit-trail.rpc';
export type { DecisionProvenanceReply, DecisionProvenanceRequest } from './governance/provenance.rpc';
export { REJECTED_DECISION_LIMITS } from './governance/rejected-decisions.rpc';
export type { ListRejectedDecisionsReply, ListRejectedDecisionsRequest, RejectedDecisionDto } from './governance/rejected-decisions.rpc';
export type { AdoptUnscopedReply, AdoptUnscopedRequest } from './governance/project-adoption.rpc';
export {
  INSIGHT_LIMITS,
  INTERVALS,
  PROPERTY_FILTER_OPERATORS,
  PROPERTY_FILTER_TYPES,
  breakdownSchema,
  dateBoundSchema,
  dateRangeSchema,
  eventNameSchema,
  insightRequestBaseProperties,
  intervalSchema,
  propertyFilterSchema,
  propertyFiltersSchema,
  propertyNameSchema,
} from './insights/insight-common';
export type {
  BreakdownSpec,
  BreakdownValueDto,
  DateRange,
  FilterScalar,
  InsightRequestBase,
  InsightResultEnvelope,
  Interval,
  PropertyFilter,
  PropertyFilterOperator,
  PropertyFilterType,
} from './insights/insight-common';
export { PATHS_DEFAULTS, PATH_DIRECTIONS, pathsQuerySchema, pathsRequestSchema } from './insights/paths.query';
export type { PathDirection, PathEdgeDto, PathsQuery, PathsReply, PathsRequest, PathsResultDto } from './insights/paths.query';
export { PROPERTY_CATALOG_LIMITS, PROPERTY_CATALOG_ORDERS, PROPERTY_VALUE_TYPES, propertyCatalogQuerySchema, propertyCatalogRequestSchema } from './insights/property-catalog.query';
export type { CatalogEventDto, CatalogPropertyDto, PropertyCatalogOrder, PropertyCatalogQuery, PropertyCatalogReply, PropertyCatalogRequest, PropertyCatalogResultDto, PropertyValueType } from './insights/property-catalog.query';
export {
  ANALYSES_CURSOR,
  ANALYSIS_LIMITS,
  INSIGHT_KINDS,
  getAnalysisRequestSchema,
  listAnalysesRequestSchema,
  reproduceAnalysisRequestSchema,
  saveAnalysisRequestSchema,
} from './insights/analyses.rpc';
export type {
  AnalysisDto,
  ErasureNoticeDto,
  GetAnalysisReply,
  GetAnalysisRequest,
  InsightKind,
  InsightSpec,
  ListAnalysesReply,
  ListAnalysesRequest,
  ReproduceAnalysisReply,
  ReproduceAnalysisRequest,
  SaveAnalysisReply,
  SaveAnalysisRequest,
} from './insights/analyses.rpc';
export {
  EVIDENCE_CURSOR,
  EVIDENCE_FRESHNESS_STATUSES,
  EVIDENCE_KINDS,
  EVIDENCE_LIMITS,
  EVIDENCE_STANCES,
  attachEvidenceRequestSchema,
  evidenceFreshnessRequestSchema,
  evidenceSourceSchema,
  fairnessReportParametersSchema,
  itemsForAnalysisRequestSchema,
  listEvidenceRequestSchema,
  withdrawEvidenceRequestSchema,
} from './backlog/evidence.rpc';
export type {
  AnalysisItemDto,
  AnalysisItemEvidenceDto,
  AttachEvidenceReply,
  AttachEvidenceRequest,
  EvidenceAnswerDto,
  EvidenceDto,
  EvidenceFreshnessReply,
  EvidenceFreshnessRequest,
  EvidenceFreshnessStatus,
  EvidenceKind,
  EvidenceSourceDto,
  EvidenceSourceInput,
  EvidenceStance,
  EvidenceWithdrawalDto,
  FairnessReportParameters,
  ItemsForAnalysisReply,
  ItemsForAnalysisRequest,
  ListEvidenceReply,
  ListEvidenceRequest,
  WithdrawEvidenceReply,
  WithdrawEvidenceRequest,
} from './backlog/evidence.rpc';
export {
  SUCCESS_METRIC_COMPARATORS,
  SUCCESS_METRIC_EVALUATIONS_CURSOR,
  SUCCESS_METRIC_INSIGHT_KINDS,
  SUCCESS_METRIC_LIMITS,
  SUCCESS_METRIC_STATISTICS,
  SUCCESS_METRIC_TRIGGERS,
  SUCCESS_METRIC_VERDICTS,
  defineSuccessMetricRequestSchema,
  editSuccessMetricRequestSchema,
  evaluateSuccessMetricsRequestSchema,
  funnelMetricQuerySchema,
  instantRangeSchema,
  listSuccessMetricEvaluationsRequestSchema,
  listSuccessMetricsRequestSchema,
  reevaluateSuccessMetricAtRequestSchema,
  retentionMetricQuerySchema,
  retireSuccessMetricRequestSchema,
  successMetricDefinitionSchema,
  successMetricInsightSchema,
  successMetricStatisticSchema,
  successMetricWindowSchema,
  trendMetricQuerySchema,
} from './backlog/success-metrics.rpc';
export type {
  DefineSuccessMetricRequest,
  EditSuccessMetricRequest,
  EvaluateSuccessMetricsReply,
  EvaluateSuccessMetricsRequest,
  InstantRange,
  ListSuccessMetricEvaluationsReply,
  ListSuccessMetricEvaluationsRequest,
  ListSuccessMetricsReply,
  ListSuccessMetricsRequest,
  ReevaluateSuccessMetricAtReply,
  ReevaluateSuccessMetricAtRequest,
  RetireSuccessMetricRequest,
  SuccessMetricChangeReply,
  SuccessMetricComparator,
  SuccessMetricDefinition,
  SuccessMetricDto,
  SuccessMetricEvaluationDto,
  SuccessMetricInsight,
  SuccessMetricInsightKind,
  SuccessMetricRetirementDto,
  SuccessMetricStatistic,
  SuccessMetricStatisticKind,
  SuccessMetricTrigger,
  SuccessMetricVerdict,
  SuccessMetricWindow,
} from './backlog/success-metrics.rpc';
export { recomputeAnalysisRequestSchema } from './insights/analysis-recompute.rpc';
export type { AnalysisAnswerDto, RecomputeAnalysisReply, RecomputeAnalysisRequest } from './insights/analysis-recompute.rpc';
export { dataVersionRequestSchema } from './insights/data-version.rpc';
export type { DataVersionReply, DataVersionRequest } from './insights/data-version.rpc';
export { IDENTITY_CONFLICT_PAGE, IDENTITY_CONFLICT_REASONS, listIdentityConflictsRequestSchema } from './insights/identity-conflicts.rpc';
export type {
  IdentityConflictDto,
  IdentityConflictReason,
  ListIdentityConflictsReply,
  ListIdentityConflictsRequest,
} from './insights/identity-conflicts.rpc';
export { PERSON_ERASURE_LIMITS, erasePersonRequestSchema } from './persons/person-erasure.rpc';
export type { ErasePersonReply, ErasePersonRequest } from './persons/person-erasure.rpc';
export { SQL_QUERY_LIMITS, sqlQueryRequestSchema } from './insights/sql-query.rpc';
export type { SqlColumnDto, SqlQueryReplyDto, SqlQueryRequest } from './insights/sql-query.rpc';
export { TREND_ACTIVE_WINDOW_DAYS, TREND_MATHS, TREND_MAX_LABEL_LENGTH, TREND_PROPERTY_MATHS, trendQuerySchema, trendRequestSchema, trendSeriesSchema } from './insights/trend.query';
export type { TrendMath, TrendQuery, TrendReply, TrendRequest, TrendResultDto, TrendSeriesResultDto, TrendSeriesSpec } from './insights/trend.query';
export { lifecycleQuerySchema, lifecycleRequestSchema } from './insights/lifecycle.query';
export type { LifecycleBucketDto, LifecycleQuery, LifecycleReply, LifecycleRequest, LifecycleResultDto } from './insights/lifecycle.query';
export { RETENTION_COHORT_TYPES, RETENTION_MODES, RETENTION_PERIODS, retentionEventSpecSchema, retentionQuerySchema, retentionRequestSchema } from './insights/retention.query';
export type { RetentionBreakdownDto, RetentionCohortDto, RetentionCohortType, RetentionEventSpec, RetentionMode, RetentionPeriod, RetentionQuery, RetentionReply, RetentionRequest, RetentionResultDto } from './insights/retention.query';
export { STICKINESS_INTERVALS, stickinessQuerySchema, stickinessRequestSchema } from './insights/stickiness.query';
export type { StickinessInterval, StickinessQuery, StickinessReply, StickinessRequest, StickinessResultDto, StickinessRowDto, StickinessSeriesDto } from './insights/stickiness.query';
export { CONVERSION_WINDOW_UNITS, FUNNEL_ATTRIBUTIONS, FUNNEL_DEFAULTS, FUNNEL_MAX_BREAKDOWN_VALUE_LENGTH, FUNNEL_ORDERS, FUNNEL_PERSON_STATUSES, MAX_CONVERSION_WINDOW_VALUE, conversionWindowSchema, funnelBreakdownSchema, funnelExclusionSchema, funnelPersonsAtSchema, funnelPersonsQuerySchema, funnelPersonsRequestSchema, funnelQuerySchema, funnelRequestSchema, funnelStepSchema } from './insights/funnel.query';
export type { ConversionWindowUnit, FunnelAttribution, FunnelBreakdownResultDto, FunnelExclusionSpec, FunnelOrder, FunnelPersonStatus, FunnelPersonsQuery, FunnelPersonsReply, FunnelPersonsRequest, FunnelPersonsResultDto, FunnelQuery, FunnelReply, FunnelRequest, FunnelResultDto, FunnelStepResultDto, FunnelStepSpec } from './insights/funnel.query';
export { MAX_CURSOR_LENGTH, decodeCursor, encodeCursor, pageOf, pageRequestProperties } from './pagination/page';
export type { Page, PageEdge, PageRequest } from './pagination/page';
export { WRITE_KEY_LIMITS, createWriteKeyRequestSchema, listWriteKeysRequestSchema, revokeWriteKeyRequestSchema } from './rpc/write-key.rpc';
export type { CreateWriteKeyReply, CreateWriteKeyRequest, ListWriteKeysReply, ListWriteKeysRequest, RevokeWriteKeyReply, RevokeWriteKeyRequest, WriteKeyDto } from './rpc/write-key.rpc';
export {
  BACKLOG_ESTIMATE_SCALES,
  BACKLOG_GRAPH_DIRECTIONS,
  BACKLOG_HISTORY_ORDERS,
  BACKLOG_INITIAL_STATES,
  BACKLOG_ITEM_KINDS,
  BACKLOG_ITEM_STATES,
  BACKLOG_LIMITS,
  BACKLOG_LINK_TYPES,
  BACKLOG_PAGES,
  BACKLOG_TRACKS,
} from './backlog/backlog.enums';
export type {
  BacklogEstimateScale,
  BacklogGraphDirection,
  BacklogHistoryOrder,
  BacklogInitialState,
  BacklogItemKind,
  BacklogItemState,
  BacklogLinkType,
  BacklogTrack,
} from './backlog/backlog.enums';
export {
  backlogBoardRequestSchema,
  backlogHistoryRequestSchema,
  createBacklogItemRequestSchema,
  getBacklogItemRequestSchema,
  moveBacklogItemRequestSchema,
  rankBacklogItemRequestSchema,
  updateBacklogItemRequestSchema,
} from './backlog/items.rpc';
export type {
  BacklogActivityDto,
  BacklogBoardReply,
  BacklogBoardRequest,
  BacklogFieldChangeDto,
  BacklogHistoryReply,
  BacklogHistoryRequest,
  BacklogItemDto,
  BacklogItemReply,
  CreateBacklogItemRequest,
  GetBacklogItemRequest,
  MoveBacklogItemRequest,
  RankBacklogItemRequest,
  UpdateBacklogItemRequest,
} from './backlog/items.rpc';
export { getTrackSettingsRequestSchema, setTrackSettingsRequestSchema } from './backlog/track-settings.rpc';
export type { BacklogTrackSettingsDto, GetTrackSettingsReply, GetTrackSettingsRequest, SetTrackSettingsReply, SetTrackSettingsRequest } from './backlog/track-settings.rpc';
export { addBacklogLinkRequestSchema, listBacklogLinksRequestSchema, removeBacklogLinkRequestSchema } from './backlog/links.rpc';
export type {
  AddBacklogLinkRequest,
  BacklogItemLinkDto,
  BacklogLinkChangeReply,
  BacklogLinkDto,
  BacklogLinkedItemDto,
  ListBacklogLinksReply,
  ListBacklogLinksRequest,
  RemoveBacklogLinkRequest,
} from './backlog/links.rpc';
export { backlogGraphRequestSchema, expandBacklogGraphReply } from './backlog/graph.rpc';
export type {
  BacklogGraphEdgeDto,
  BacklogGraphItemRefDto,
  BacklogGraphNodeDto,
  BacklogGraphReply,
  BacklogGraphRequest,
  BacklogGraphView,
  BacklogTrackWaitDto,
} from './backlog/graph.rpc';
export {
  EVENT_DEFINITION_STATUSES,
  PII_RULES,
  PLAN_VIOLATION_CODES,
  TRACKING_PLAN_LIMITS,
  TRACKING_PLAN_MODES,
  eventDefinitionSchema,
  piiMarkSchema,
  trackingPlanDocumentSchema,
  traitsDefinitionSchema,
} from './tracking-plan/tracking-plan.document';
export type {
  EventDefinitionDto,
  EventDefinitionStatus,
  PiiMarkDto,
  PiiRule,
  PlanViolationCode,
  PlanViolationDto,
  TrackingPlanDocumentDto,
  TrackingPlanMode,
  TraitsDefinitionDto,
} from './tracking-plan/tracking-plan.document';
export {
  TRACKING_PLAN_CHANGE_KINDS,
  TRACKING_PLAN_RPC_LIMITS,
  TRAITS_DEFINITION_NAME,
  getTrackingPlanRequestSchema,
  listTrackingPlanVersionsRequestSchema,
  publishTrackingPlanRequestSchema,
  setTrackingPlanModeRequestSchema,
} from './tracking-plan/tracking-plan.rpc';
export type {
  GetTrackingPlanRequest,
  ListTrackingPlanVersionsReply,
  ListTrackingPlanVersionsRequest,
  PublishTrackingPlanRequest,
  SetTrackingPlanModeRequest,
  TrackingPlanChangeDto,
  TrackingPlanChangeKind,
  TrackingPlanIncompatibilityDto,
  TrackingPlanReply,
  TrackingPlanVersionDto,
  TrackingPlanVersionSummaryDto,
} from './tracking-plan/tracking-plan.rpc';
