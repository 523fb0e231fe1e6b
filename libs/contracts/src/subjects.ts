/**
 * Every NATS subject and JetStream name, defined once.
 * Events: `<domain>.<aggregate>.<past-verb>.v1`; RPC: `<service>.<noun>.<verb>.v1`.
 */
export const SUBJECTS = {
  /** JetStream (stream EVENTS): accepted events, payload `EventBatchMessage`. */
  eventsAccepted: 'ingest.events.accepted.v1',
  /** JetStream (stream DECISIONS): model decisions, payload `DecisionBatchMessage`. */
  decisionsRecorded: 'governance.decisions.recorded.v1',
  /** JetStream (stream AUDIT): actions any service puts on the audit trail, payload `AuditActionMessage`. */
  auditActionRecorded: 'audit.actions.recorded.v1',
} as const;

export const STREAMS = {
  events: {
    name: 'EVENTS',
    subjects: [SUBJECTS.eventsAccepted],
    /** Window in which JetStream drops a re-published message with the same `Nats-Msg-Id`. */
    duplicateWindowMs: 120_000,
  },
  decisions: {
    name: 'DECISIONS',
    subjects: [SUBJECTS.decisionsRecorded],
    duplicateWindowMs: 120_000,
    /**
     * Decisions carry personal data (subject pseudonyms, protected attributes). The governance
     * database is their system of record once consumed; the stream keeps them 7 days only, so a
     * GDPR erasure is complete within that time (documented in docs/governance.md).
     */
    maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  },
  audit: {
    name: 'AUDIT',
    subjects: [SUBJECTS.auditActionRecorded],
    duplicateWindowMs: 120_000,
  },
} as const;

export const CONSUMERS = {
  /** Durable pull consumer of the analytics service on stream EVENTS. */
  analyticsEvents: 'analytics-events',
  /** Durable pull consumer of the governance service on stream DECISIONS. */
  governanceDecisions: 'governance-decisions',
  /** Durable pull consumer of the governance service on stream AUDIT. */
  governanceAudit: 'governance-audit',
} as const;

/** Core-NATS request/reply subjects (Nest `@MessagePattern`). */
export const RPC = {
  ingestProjectsCreate: 'ingest.projects.create.v1',
  ingestProjectsList: 'ingest.projects.list.v1',
  ingestProjectsGet: 'ingest.projects.get.v1',
  ingestProjectsSetTimeZone: 'ingest.projects.set-time-zone.v1',
  ingestWriteKeysCreate: 'ingest.write-keys.create.v1',
  ingestWriteKeysList: 'ingest.write-keys.list.v1',
  ingestWriteKeysRevoke: 'ingest.write-keys.revoke.v1',
  analyticsEventCatalogGet: 'analytics.event-catalog.get.v1',
  analyticsTrendGet: 'analytics.insights.trend.get.v1',
  analyticsFunnelGet: 'analytics.insights.funnel.get.v1',
  analyticsFunnelPersonsGet: 'analytics.insights.funnel-persons.get.v1',
  analyticsRetentionGet: 'analytics.insights.retention.get.v1',
  analyticsStickinessGet: 'analytics.insights.stickiness.get.v1',
  analyticsLifecycleGet: 'analytics.insights.lifecycle.get.v1',
  analyticsPathsGet: 'analytics.insights.paths.get.v1',
  analyticsPropertyCatalogGet: 'analytics.insights.property-catalog.get.v1',
  analyticsSqlRun: 'analytics.sql.run.v1',
  analyticsAnalysesSave: 'analytics.analyses.save.v1',
  analyticsAnalysesGet: 'analytics.analyses.get.v1',
  analyticsAnalysesList: 'analytics.analyses.list.v1',
  analyticsAnalysesReproduce: 'analytics.analyses.reproduce.v1',
  analyticsIdentityConflictsList: 'analytics.identity-conflicts.list.v1',
  analyticsPersonErase: 'analytics.person.erase.v1',
  governanceModelsRegister: 'governance.models.register.v1',
  governanceModelVersionsRegister: 'governance.model-versions.register.v1',
  governanceAliasesSet: 'governance.aliases.set.v1',
  governanceModelsList: 'governance.models.list.v1',
  governanceModelVersionsGet: 'governance.model-versions.get.v1',
  governanceModelVersionsList: 'governance.model-versions.list.v1',
  governanceAliasMovesList: 'governance.alias-moves.list.v1',
  governanceDecisionsRecord: 'governance.decisions.record.v1',
  governanceOutcomesRecord: 'governance.outcomes.record.v1',
  governanceDecisionSubjectErase: 'governance.decision-subject.erase.v1',
  governanceFairnessReportGet: 'governance.fairness-report.get.v1',
  governanceRulesList: 'governance.rules.list.v1',
  governanceAuditsRun: 'governance.audits.run.v1',
  governanceAuditsList: 'governance.audits.list.v1',
  governanceAuditTrailList: 'governance.audit-trail.list.v1',
  governanceAuditProofGet: 'governance.audit-proof.get.v1',
  governanceAuditPublicKeyGet: 'governance.audit-public-key.get.v1',
  governanceAuditTrailExport: 'governance.audit-trail.export.v1',
  governanceDecisionProvenanceGet: 'governance.decision-provenance.get.v1',
  governanceProjectsAdoptUnscoped: 'governance.projects.adopt-unscoped.v1',
} as const;

export type RpcSubject = (typeof RPC)[keyof typeof RPC];

/** Queue groups: every replica of a service listens in the group named after the service. */
export const QUEUE_GROUPS = {
  ingest: 'ingest',
  analytics: 'analytics',
  governance: 'governance',
} as const;
