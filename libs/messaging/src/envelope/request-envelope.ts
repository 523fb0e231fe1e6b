import { AsyncLocalStorage } from 'node:async_hooks';
import { DomainError } from '@fulcrum/contracts';

/**
 * The request envelope: who asked, for which project, and which request this is, carried in NATS
 * headers on every RPC request and every published message (never in payloads). The services keep
 * it in async-local storage while they handle a request, so callers and loggers read it without
 * threading it through every signature. The gateway does not: on Node 20 one entered
 * AsyncLocalStorage turns on promise hooks for every promise of the process, which cost the gateway's
 * hot path about as much as all of authentication and authorization (docs/performance.md). It
 * hands the envelope of each GraphQL request to its RPCs explicitly (`RpcRequestOptions.envelope`)
 * and names it in log lines with `withEnvelopeSync`.
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
/** Set only during a synchronous `withEnvelopeSync` call (a log line); wins over the async context. */
let synchronous: RequestEnvelope | undefined;
let asyncContextEntered = false;

/** The envelope of the request being handled, if any. */
export function currentEnvelope(): RequestEnvelope | undefined {
  return synchronous ?? storage.getStore();
}

/** Runs `fn` (and everything it awaits) with `envelope` as the current one. */
export function runWithEnvelope<T>(envelope: RequestEnvelope, fn: () => T): T {
  asyncContextEntered = true;
  return storage.run(envelope, fn);
}

/**
 * Runs a synchronous `fn` (writing a log line, formatting an error) with `envelope` as the current
 * one, without entering async-local storage (so without turning on Node's promise hooks). Whatever
 * `fn` schedules for later (a promise, a timer) does not see the envelope: only code that runs
 * before `fn` returns does.
 */
export function withEnvelopeSync<T>(envelope: RequestEnvelope | undefined, fn: () => T): T {
  const previous = synchronous;
  synchronous = envelope ?? previous;
  try {
    return fn();
  } finally {
    synchronous = previous;
  }
}

/**
 * Whether this process ever entered the envelope's async-local storage (`runWithEnvelope`). The
 * gateway never should (see above); its tests check that it did not.
 */
export function envelopeAsyncContextEntered(): boolean {
  return asyncContextEntered;
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
