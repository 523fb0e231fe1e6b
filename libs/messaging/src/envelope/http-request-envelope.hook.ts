import type { IncomingHttpHeaders } from 'node:http';
import { childTraceparent, isActorId, isRequestId, newRequestId } from './envelope.format';
import { type RequestEnvelope, runWithEnvelope } from './request-envelope';

/** The HTTP header carrying the request id, in both directions. */
export const REQUEST_ID_HTTP_HEADER = 'x-request-id';
/** W3C trace context on HTTP. */
export const TRACEPARENT_HTTP_HEADER = 'traceparent';

const envelopes = new WeakMap<object, RequestEnvelope>();

/** The part of a Fastify instance the hooks need (the adapters' instances differ in their generics). */
export interface EnvelopeHookHost {
  addHook(
    name: 'onRequest' | 'preHandler',
    hook: (request: { headers: IncomingHttpHeaders }, reply: { header(key: string, value: string): unknown }, done: () => void) => void,
  ): unknown;
}

/**
 * The request envelope at an HTTP edge (gateway, ingest): the request id from a valid incoming
 * `x-request-id` (else a new one), the trace continued from an incoming `traceparent` with a new
 * span id (else a new trace), and `actorId` until the caller is known (the gateway's guard puts the
 * authenticated user in its place with `setHttpRequestActor`).
 */
export function httpEdgeEnvelope(headers: IncomingHttpHeaders, actorId: string): RequestEnvelope {
  const incoming = first(headers[REQUEST_ID_HTTP_HEADER]);
  return {
    actorId,
    requestId: isRequestId(incoming) ? incoming : newRequestId(),
    traceparent: childTraceparent(first(headers[TRACEPARENT_HTTP_HEADER])),
  };
}

/**
 * Gives every HTTP request its envelope, answered as `x-request-id` on every response (set when the
 * request arrives, so refusals by later hooks carry it too) and kept per request
 * (`httpRequestEnvelope(request)`). Once the caller is known, `setHttpRequestActor` names it in the
 * same envelope object.
 *
 * With `asyncContext` (the default, used by ingest) the request is also handled inside the envelope
 * (`currentEnvelope()`, so in every log line and every publish). It is entered twice: when the
 * request arrives, and again right before the handler, because reading the body continues from the
 * socket's events, outside the async context entered before it. The gateway passes
 * `asyncContext: false`: it hands the envelope to its RPCs explicitly instead, because on Node 20 an
 * entered AsyncLocalStorage makes every promise of the process pay for promise hooks
 * (request-envelope.ts).
 */
export function installHttpRequestEnvelope(fastify: EnvelopeHookHost, options: { actorId: string; asyncContext?: boolean }): void {
  const asyncContext = options.asyncContext ?? true;
  fastify.addHook('onRequest', (request, reply, done) => {
    const envelope = httpEdgeEnvelope(request.headers, options.actorId);
    envelopes.set(request, envelope);
    void reply.header(REQUEST_ID_HTTP_HEADER, envelope.requestId);
    if (asyncContext) runWithEnvelope(envelope, () => done());
    else done();
  });
  if (!asyncContext) return;
  fastify.addHook('preHandler', (request, _reply, done) => {
    const envelope = envelopes.get(request);
    if (envelope) runWithEnvelope(envelope, () => done());
    else done();
  });
}

/**
 * Names who acts in an HTTP request once it is known (the gateway's guard, after authentication):
 * written into the request's envelope, so every later RPC and log line of the request carries it,
 * without entering another async context per resolver. One request has one
 * caller, so the envelope is per request, never shared. Throws for a request without an envelope
 * (the edge hook is not installed: a set-up bug) or a malformed actor id.
 */
export function setHttpRequestActor(request: object, actorId: string, actorName?: string): void {
  const envelope = envelopes.get(request);
  if (!envelope) throw new Error('setHttpRequestActor: the request has no envelope (installHttpRequestEnvelope is not installed on this server)');
  if (!isActorId(actorId)) throw new Error(`setHttpRequestActor: ${JSON.stringify(actorId)} is not an actor id`);
  envelope.actorId = actorId;
  if (actorName) envelope.actorName = actorName;
  else delete envelope.actorName;
}

/**
 * Gives an HTTP request an envelope made elsewhere (the auth benchmark's baseline gateway, which has
 * no edge hook, gives every request one fixed envelope so the resolvers find one).
 */
export function setHttpRequestEnvelope(request: object, envelope: RequestEnvelope): void {
  envelopes.set(request, envelope);
}

/** The envelope `installHttpRequestEnvelope` gave an HTTP request (Fastify's request object). */
export function httpRequestEnvelope(request: object): RequestEnvelope | undefined {
  return envelopes.get(request);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
