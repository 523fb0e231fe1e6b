import { requireEnvelope } from '@fulcrum/messaging';

/** Who asked, as the audit trail records it: the actor id and their display name at that time. */
export interface RequestActor {
  /** e.g. `user:<uuid>`, `service:gateway`. */
  id: string;
  /** null when the envelope names none (a service acting by itself). */
  name: string | null;
}

/**
 * The actor of the RPC being handled, from the request envelope (NATS headers, kept in async-local
 * storage by the messaging layer's interceptor) — never from the payload. The interceptor refuses
 * a request without one (ACTOR_MISSING) before it reaches a handler; `requireEnvelope` throws the
 * same outside a request, so nothing is ever recorded as done by nobody.
 */
export function requestActor(): RequestActor {
  const envelope = requireEnvelope();
  const name = envelope.actorName?.trim();
  return { id: envelope.actorId, name: name ? name : null };
}
