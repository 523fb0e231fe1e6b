/**
 * Every NATS subject and JetStream name, defined once.
 * Events: `<domain>.<aggregate>.<past-verb>.v1`; RPC: `<service>.<noun>.<verb>.v1`.
 */
export const SUBJECTS = {
  /** JetStream (stream EVENTS): accepted events, payload `EventBatchMessage`. */
  eventsAccepted: 'ingest.events.accepted.v1',
} as const;

export const STREAMS = {
  events: {
    name: 'EVENTS',
    subjects: [SUBJECTS.eventsAccepted],
    /** Window in which JetStream drops a re-published message with the same `Nats-Msg-Id`. */
    duplicateWindowMs: 120_000,
  },
} as const;

export const CONSUMERS = {
  /** Durable pull consumer of the analytics service on stream EVENTS. */
  analyticsEvents: 'analytics-events',
} as const;

/** Core-NATS request/reply subjects (Nest `@MessagePattern`). */
export const RPC = {
  ingestProjectsCreate: 'ingest.projects.create.v1',
  ingestProjectsList: 'ingest.projects.list.v1',
  ingestProjectsGet: 'ingest.projects.get.v1',
  analyticsEventCatalogGet: 'analytics.event-catalog.get.v1',
} as const;

export type RpcSubject = (typeof RPC)[keyof typeof RPC];

/** Queue groups: every replica of a service listens in the group named after the service. */
export const QUEUE_GROUPS = {
  ingest: 'ingest',
  analytics: 'analytics',
} as const;
