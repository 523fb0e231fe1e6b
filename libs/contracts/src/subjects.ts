/**
 * Every JetStream subject, stream and consumer, and the queue groups, defined once. Event subjects:
 * `<domain>.<aggregate>.<past-verb>.v1`.
 * RPC subjects (`<service>.<noun>.<verb>.v1`) are registered with their request schema and reply
 * type in `rpc/rpc-registry.ts` (`RPC`).
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

/** Queue groups: every replica of a service listens in the group named after the service. */
export const QUEUE_GROUPS = {
  ingest: 'ingest',
  analytics: 'analytics',
  governance: 'governance',
  backlog: 'backlog',
} as const;
