import { createHmac } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { PiiMarkDto, PiiRule, TrackingPlanDocumentDto } from '@fulcrum/contracts';
import { parsePointer } from '../plan-schema/json-pointer';
import { copyOwn, defineOwn } from '../plan-schema/schema.walker';

/** What a HASHed value becomes: this prefix and 64 lowercase hex digits. */
export const PII_HASH_PREFIX = 'hmac-sha256:';
/** The shortest per-project secret the transformer accepts, in bytes. */
export const MIN_PII_SECRET_BYTES = 16;

/**
 * Applies a definition's PII rules to an event's properties (or traits). Returns a new object when a
 * rule applied (copied along the changed paths only: unchanged nested objects are shared with the
 * input, so treat both as immutable), the input itself when none did. Never modifies the input.
 */
export type PiiTransform = (properties: Readonly<Record<string, unknown>>, secret: Buffer) => Readonly<Record<string, unknown>>;

/**
 * `hmac-sha256:` + hex HMAC-SHA-256(secret, text) where text is a string's own UTF-8 (so the hash of
 * an e-mail address can be recomputed from the address alone) and any other JSON value's RFC 8785
 * canonical JSON (`{"b":1,"a":2}` and `{"a":2,"b":1}` hash alike; `-0` as `0`). A string and the
 * JSON text of a non-string can therefore hash alike (`"1"` and `1`). `undefined` for a value with
 * no JSON form (NaN, ±Infinity, undefined, a bigint, a function, a value nested past the stack).
 */
export function hashPiiValue(value: unknown, secret: Buffer): string | undefined {
  let text: string | undefined;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = canonicalize(value);
    } catch {
      text = undefined;
    }
  }
  if (text === undefined) return undefined;
  return PII_HASH_PREFIX + createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

interface RuleNode {
  rule?: PiiRule;
  children?: Map<string, RuleNode>;
}

const unchanged: PiiTransform = (properties) => properties;

/**
 * Compiles a definition's PII marks once into a transform: DROP removes the property; HASH replaces
 * its value by `hashPiiValue` (a value with no JSON form is removed: the raw value never stays). A
 * property that is absent stays absent; a pointer that goes through a non-object (an array, a
 * string, null) changes nothing. When one mark lies below another, the outer one wins. Marks that
 * are not JSON pointers to a property are ignored (checkPlanDocument reports them). With no marks,
 * the transform returns its input at once.
 */
export function compilePiiRules(marks: readonly PiiMarkDto[]): PiiTransform {
  const root: RuleNode = {};
  const parsed = marks
    .map((mark) => ({ segments: parsePointer(mark.pointer), rule: mark.rule }))
    .filter((mark): mark is { segments: string[]; rule: PiiRule } => mark.segments !== undefined && mark.segments.length > 0)
    .sort((a, b) => a.segments.length - b.segments.length); // outer marks first: they win
  for (const mark of parsed) {
    let node = root;
    for (const segment of mark.segments) {
      if (node.rule) break;
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = {}));
      node = child;
    }
    if (!node.rule && !node.children) node.rule = mark.rule;
  }
  const rules = root.children;
  if (!rules) return unchanged;
  return (properties, secret) => {
    if (secret.length < MIN_PII_SECRET_BYTES) throw new RangeError(`a PII secret has at least ${MIN_PII_SECRET_BYTES} bytes`);
    return isPlainObject(properties) ? applyRules(properties, rules, secret) : properties;
  };
}

function applyRules(source: Readonly<Record<string, unknown>>, rules: ReadonlyMap<string, RuleNode>, secret: Buffer): Readonly<Record<string, unknown>> {
  let out: Record<string, unknown> | undefined;
  for (const [key, node] of rules) {
    if (!Object.hasOwn(source, key)) continue;
    const value = source[key];
    if (node.rule !== undefined) {
      out ??= copyOwn(source);
      const hashed = node.rule === 'HASH' ? hashPiiValue(value, secret) : undefined;
      if (hashed === undefined) delete out[key];
      else defineOwn(out, key, hashed);
    } else if (node.children && isPlainObject(value)) {
      const next = applyRules(value, node.children, secret);
      if (next !== value) defineOwn((out ??= copyOwn(source)), key, next);
    }
  }
  return out ?? source;
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A plan version's PII rules, compiled once: by event name, and for identify traits. */
export interface CompiledPiiPlan {
  /** The plan marks some property of this event as PII. */
  hasRules(eventName: string): boolean;
  /** The event's properties with its definition's rules applied (unchanged for an event the plan does not define). */
  redactEvent(eventName: string, properties: Readonly<Record<string, unknown>>, secret: Buffer): Readonly<Record<string, unknown>>;
  /** Identify traits with the traits definition's rules applied (unchanged when the plan has none). */
  redactTraits(traits: Readonly<Record<string, unknown>>, secret: Buffer): Readonly<Record<string, unknown>>;
}

/** Compiles the PII rules of every definition of a plan document (the first definition of a name wins). */
export function compilePiiPlan(document: TrackingPlanDocumentDto): CompiledPiiPlan {
  const byEvent = new Map<string, PiiTransform>();
  const seen = new Set<string>();
  for (const definition of document.events) {
    if (seen.has(definition.name)) continue;
    seen.add(definition.name);
    const transform = compilePiiRules(definition.pii);
    if (transform !== unchanged) byEvent.set(definition.name, transform);
  }
  const traits = document.traits ? compilePiiRules(document.traits.pii) : unchanged;
  return {
    hasRules: (eventName) => byEvent.has(eventName),
    redactEvent: (eventName, properties, secret) => (byEvent.get(eventName) ?? unchanged)(properties, secret),
    redactTraits: (values, secret) => traits(values, secret),
  };
}
