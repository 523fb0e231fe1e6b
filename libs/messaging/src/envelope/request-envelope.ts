import { AsyncLocalStorage } from 'node:async_hooks';
import { DomainError } from '@fulcrum/contracts';

/**
 * The request envelope: who asked, for which project, and which request this is, carried in NATS
 * headers on every RPC request and every published message (never in payloads), and kept in
 * async-local storage while a request is handled so callers and loggers read it without threading
 * it through every signature.
 */
export interface RequestEnvelope {
  /** `user:<uuid>` for people, `service:<name>` for a service acting by itself, `write-key:<uuid>` for ingested events. */
  actorId: string;
  /** The actor's display name at the time of the request (audit entries record it). */
  actorName?: string;
  /** The project the request is scoped to, when it is. */
  projectId?: string;
  /** From an incoming `x-request-id`, or generated at the edge. */
  requestId: string;
  /** W3C trace context (`00-<trace-id>-<span-id>-<flags>`). */
  traceparent: string;
}

/** Header names of the envelope on NATS messages (HTTP uses `x-request-id` and `traceparent` too). */
export const ENVELOPE_HEADERS = {
  actorId: 'Fulcrum-Actor',
  actorName: 'Fulcrum-Actor-Name',
  projectId: 'Fulcrum-Project',
  requestId: 'X-Request-Id',
  traceparent: 'traceparent',
} as const;

const storage = new AsyncLocalStorage<RequestEnvelope>();

/** The envelope of the request being handled, if any. */
export function currentEnvelope(): RequestEnvelope | undefined {
  return storage.getStore();
}

/** Runs `fn` (and everything it awaits) with `envelope` as the current one. */
export function runWithEnvelope<T>(envelope: RequestEnvelope, fn: () => T): T {
  return storage.run(envelope, fn);
}

/**
 * The envelope of the request being handled; throws `ACTOR_MISSING` outside one (code that records
 * who acted must never guess). Inside an RPC handler the envelope interceptor guarantees one.
 */
export function requireEnvelope(): RequestEnvelope {
  const envelope = storage.getStore();
  if (!envelope) throw new DomainError('ACTOR_MISSING', 'No request envelope: this code runs outside a request, so it cannot tell who acts.');
  return envelope;
}
