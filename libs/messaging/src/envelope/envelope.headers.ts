import { Match, type MsgHdrs, headers as natsHeaders } from 'nats';
import { DomainError } from '@fulcrum/contracts';
import {
  ENVELOPE_LIMITS,
  isActorId,
  isProjectId,
  isRequestId,
  isTraceparent,
  newRequestId,
  newTraceparent,
  normalizeActorName,
  randomHex,
} from './envelope.format';
import { ENVELOPE_HEADERS, type RequestEnvelope } from './request-envelope';

/** Printable characters outside the surrogate range: a name made only of them is encoded as it is. */
const PLAIN_NAME = /^[\u0020-\u007e\u00a0-\ud7ff\ue000-\uffff]*$/;

/** C0 and C1 control characters (and DEL): never part of a display name on the wire. */
export function isControlCharacter(char: string): boolean {
  const code = char.charCodeAt(0);
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/**
 * The display name as a header value: percent-encoded UTF-8 (`encodeURIComponent`), so any Unicode
 * survives and no CR/LF can reach the header block. Control characters become spaces first.
 */
export function encodeActorName(name: string): string {
  // Most names need neither: no control character, no lone surrogate (one pair is fine), short enough.
  if (name.length <= ENVELOPE_LIMITS.maxActorNameLength && PLAIN_NAME.test(name)) return encodeURIComponent(name);
  const printable = Array.from(normalizeActorName(name), (char) => (isControlCharacter(char) ? ' ' : char)).join('');
  return encodeURIComponent(printable);
}

/** The display name of a header value, or undefined when it is not a valid encoding of one. */
export function decodeActorName(value: string): string | undefined {
  let name: string;
  try {
    name = decodeURIComponent(value);
  } catch {
    return undefined;
  }
  const chars = Array.from(name);
  if (chars.some(isControlCharacter) || chars.length > ENVELOPE_LIMITS.maxActorNameLength) return undefined;
  return name;
}

/**
 * The envelope as NATS headers (added to `into` when given, e.g. headers already carrying
 * `Nats-Msg-Id`). Throws on an envelope that is not well-formed: sending one is the caller's bug,
 * and the receiver would refuse it anyway.
 */
export function envelopeHeaders(envelope: RequestEnvelope, into: MsgHdrs = natsHeaders()): MsgHdrs {
  return writeHeaders(encodedParts(envelope), envelope.projectId, isTraceparent(envelope.traceparent) ? envelope.traceparent : newTraceparent(), into);
}

/**
 * The headers of one RPC made while handling `envelope`: one hop further on its trace (a new span
 * id), and the payload's project when the envelope names none. A request's RPCs share the actor,
 * name and request id, so those are validated and encoded once per envelope (see `encodedParts`).
 */
export function rpcEnvelopeHeaders(envelope: RequestEnvelope, payloadProjectId: unknown): MsgHdrs {
  const projectId = envelope.projectId ?? (isProjectId(payloadProjectId) ? payloadProjectId : undefined);
  const encoded = encodedParts(envelope);
  // The child span under the envelope's trace (childTraceparent), its parent validated once per envelope.
  const traceparent = encoded.childSpanPrefix === undefined ? newTraceparent() : `${encoded.childSpanPrefix}${randomHex(8)}${encoded.childSpanSuffix}`;
  return writeHeaders(encoded, projectId, traceparent, natsHeaders());
}

/** What `envelopeHeaders` validated and encoded for an envelope, and the values it did that for. */
interface EncodedEnvelope {
  readonly actorId: string;
  readonly actorName: string | undefined;
  readonly projectId: string | undefined;
  readonly requestId: string;
  readonly traceparent: string;
  readonly encodedName: string | undefined;
  /** `00-<trace-id>-` and `-<flags>` of a child span of a well-formed `traceparent`; undefined when it is not one (a new trace then). */
  readonly childSpanPrefix: string | undefined;
  readonly childSpanSuffix: string;
}

const encodedEnvelopes = new WeakMap<RequestEnvelope, EncodedEnvelope>();

/**
 * The envelope validated and its name percent-encoded, remembered per envelope object while its
 * values stay the same (an edge envelope gets its actor once the caller is known, so the values are
 * compared, not only the object).
 */
function encodedParts(envelope: RequestEnvelope): EncodedEnvelope {
  const known = encodedEnvelopes.get(envelope);
  if (
    known !== undefined &&
    known.actorId === envelope.actorId &&
    known.actorName === envelope.actorName &&
    known.projectId === envelope.projectId &&
    known.requestId === envelope.requestId &&
    known.traceparent === envelope.traceparent
  ) {
    return known;
  }
  assertWellFormed(envelope);
  const traced = isTraceparent(envelope.traceparent);
  const [, traceId, , flags] = traced ? envelope.traceparent.split('-') : [];
  const encoded: EncodedEnvelope = {
    actorId: envelope.actorId,
    actorName: envelope.actorName,
    projectId: envelope.projectId,
    requestId: envelope.requestId,
    traceparent: envelope.traceparent,
    encodedName: envelope.actorName ? encodeActorName(envelope.actorName) : undefined,
    childSpanPrefix: traced ? `00-${traceId}-` : undefined,
    childSpanSuffix: traced ? `-${flags}` : '',
  };
  encodedEnvelopes.set(envelope, encoded);
  return encoded;
}

function writeHeaders(encoded: EncodedEnvelope, projectId: string | undefined, traceparent: string, into: MsgHdrs): MsgHdrs {
  into.set(ENVELOPE_HEADERS.actorId, encoded.actorId);
  if (encoded.encodedName) into.set(ENVELOPE_HEADERS.actorName, encoded.encodedName);
  if (projectId !== undefined) into.set(ENVELOPE_HEADERS.projectId, projectId);
  into.set(ENVELOPE_HEADERS.requestId, encoded.requestId);
  into.set(ENVELOPE_HEADERS.traceparent, traceparent);
  return into;
}

function assertWellFormed(envelope: RequestEnvelope): void {
  if (!isActorId(envelope.actorId)) throw new Error(`Request envelope: ${JSON.stringify(envelope.actorId)} is not an actor id (user:<uuid> | service:<name> | write-key:<uuid>)`);
  if (!isRequestId(envelope.requestId)) throw new Error(`Request envelope: ${JSON.stringify(envelope.requestId)} is not a request id`);
  if (envelope.projectId !== undefined && !isProjectId(envelope.projectId)) throw new Error(`Request envelope: ${JSON.stringify(envelope.projectId)} is not a project id`);
}

/** What a receiver reads headers with (nats.js `MsgHdrs`). */
export type EnvelopeHeaderSource = Pick<MsgHdrs, 'get'>;

/**
 * The envelope of a received message, validated: an actor is required (`ACTOR_MISSING` without a
 * well-formed one); a malformed request id, project or display name is refused
 * (`VALIDATION_FAILED`, naming the header); a missing request id is generated, and a missing or
 * malformed `traceparent` is replaced by a new trace. Header names match case-insensitively.
 */
export function envelopeFromHeaders(headers: EnvelopeHeaderSource | undefined): RequestEnvelope {
  const read = (name: string): string | undefined => headers?.get(name, Match.IgnoreCase) || undefined;
  const actorId = read(ENVELOPE_HEADERS.actorId);
  if (actorId === undefined) {
    throw new DomainError('ACTOR_MISSING', `The request carries no ${ENVELOPE_HEADERS.actorId} header: every message on the bus names its actor.`, {
      header: ENVELOPE_HEADERS.actorId,
    });
  }
  if (!isActorId(actorId)) {
    throw new DomainError('ACTOR_MISSING', `The ${ENVELOPE_HEADERS.actorId} header is not an actor id (user:<uuid> | service:<name> | write-key:<uuid>).`, {
      header: ENVELOPE_HEADERS.actorId,
    });
  }
  const requestId = read(ENVELOPE_HEADERS.requestId);
  if (requestId !== undefined && !isRequestId(requestId)) {
    throw invalidHeader(ENVELOPE_HEADERS.requestId, `at most ${ENVELOPE_LIMITS.maxRequestIdLength} characters of [A-Za-z0-9._:-]`);
  }
  const projectId = read(ENVELOPE_HEADERS.projectId);
  if (projectId !== undefined && !isProjectId(projectId)) throw invalidHeader(ENVELOPE_HEADERS.projectId, 'a project id (UUID)');
  const encodedName = read(ENVELOPE_HEADERS.actorName);
  const actorName = encodedName === undefined ? undefined : decodeActorName(encodedName);
  if (encodedName !== undefined && actorName === undefined) {
    throw invalidHeader(ENVELOPE_HEADERS.actorName, `percent-encoded UTF-8 of at most ${ENVELOPE_LIMITS.maxActorNameLength} characters, no control characters`);
  }
  const traceparent = read(ENVELOPE_HEADERS.traceparent);
  return {
    actorId,
    ...(actorName !== undefined && { actorName }),
    ...(projectId !== undefined && { projectId }),
    requestId: requestId ?? newRequestId(),
    traceparent: isTraceparent(traceparent) ? traceparent : newTraceparent(),
  };
}

function invalidHeader(header: string, expected: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `The ${header} header must be ${expected}.`, { header });
}
