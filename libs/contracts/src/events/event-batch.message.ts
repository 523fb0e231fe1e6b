import type { CanonicalEvent } from './canonical-event';

/**
 * Payload of one JetStream message on `SUBJECTS.eventsAccepted`: many events of one project
 * (the collector publishes batches, never one message per event).
 */
export interface EventBatchMessage {
  /** Payload schema version; consumers refuse versions they do not know. */
  v: 1;
  /** Unique per published message; also sent as `Nats-Msg-Id` so a re-publish is de-duplicated by JetStream. */
  batchId: string;
  projectId: string;
  events: CanonicalEvent[];
}

export const EVENT_BATCH_MESSAGE_VERSION = 1 as const;
