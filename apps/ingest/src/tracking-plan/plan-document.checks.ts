import {
  DomainError,
  TRACKING_PLAN_LIMITS,
  TRAITS_DEFINITION_NAME,
  type TrackingPlanDocumentDto,
  trackingPlanDocumentSchema,
} from '@fulcrum/contracts';
import { assertMatchesSchema } from '@fulcrum/messaging';
import { checkPlanDocument } from '@fulcrum/tracking-plan';

/**
 * What a plan document must be before it is compared with the current version (the publish rules
 * depend on it):
 *
 * 1. at most `TRACKING_PLAN_LIMITS.maxDocumentBytes` of JSON (UTF-8);
 * 2. the shape of `trackingPlanDocumentSchema` (closed objects, SchemaVer pattern, limits);
 * 3. no event called `$traits` (the traits' name in `changes`);
 * 4. the semantic checks of `checkPlanDocument` (libs/tracking-plan): each event name once, every
 *    properties schema (events and traits) an object schema nesting at most
 *    `TRACKING_PLAN_LIMITS.maxSchemaDepth` levels, with local references only, that the plan's ajv
 *    (draft 2020-12, strict) compiles, and PII pointers that name declared properties, once.
 *
 * Each refusal is VALIDATION_FAILED naming the field (`document.events.3.properties`); the semantic
 * checks answer every problem in `details.problems` (`{ path, code, message }`, `details.keyword`
 * is the first one's code).
 */
export function checkPlanDocumentForPublish(document: Record<string, unknown>): TrackingPlanDocumentDto {
  // First, without recursion: a hostile document nested deep enough would overflow the stack of
  // anything recursive (JSON.stringify included). Far below that, the schemas' own limit applies.
  if (nestingDepth(document, MAX_DOCUMENT_DEPTH) > MAX_DOCUMENT_DEPTH) {
    refuse('', 'maxDepth', `nests deeper than ${MAX_DOCUMENT_DEPTH} objects and arrays (a properties schema may nest ${TRACKING_PLAN_LIMITS.maxSchemaDepth} at most)`);
  }
  const sizeBytes = Buffer.byteLength(JSON.stringify(document), 'utf8');
  if (sizeBytes > TRACKING_PLAN_LIMITS.maxDocumentBytes) {
    throw new DomainError('VALIDATION_FAILED', `document: ${sizeBytes} bytes of JSON, more than the ${TRACKING_PLAN_LIMITS.maxDocumentBytes} a plan may have`, {
      field: 'document',
      keyword: 'maxBytes',
      limitBytes: TRACKING_PLAN_LIMITS.maxDocumentBytes,
      sizeBytes,
    });
  }
  assertMatchesSchema<TrackingPlanDocumentDto>(trackingPlanDocumentSchema, document, 'document');
  document.events.forEach((event, i) => {
    if (event.name === TRAITS_DEFINITION_NAME) {
      refuse(`events.${i}.name`, 'reserved', `${TRAITS_DEFINITION_NAME} names the traits definition; an event may not be called so`);
    }
  });
  const problems = checkPlanDocument(document);
  const [first] = problems;
  if (first) {
    const field = fieldOf(first.path);
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''}, see details.problems)` : '';
    throw new DomainError('VALIDATION_FAILED', `${field}: ${first.message}${more}`, { field, keyword: first.code, problems });
  }
  return document;
}

/** `/events/3/properties` → `document.events.3.properties` (the `field` style of every VALIDATION_FAILED). */
function fieldOf(pointer: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  return ['document', ...segments].join('.');
}

/**
 * Nesting past which a document is refused as a whole, before anything recursive reads it: a valid
 * one nests at most 3 + `maxSchemaDepth` (document → events → definition → schema); the margin
 * lets a schema a little too deep be refused by name.
 */
const MAX_DOCUMENT_DEPTH = 64;

function refuse(field: string, keyword: string, message: string): never {
  const path = field === '' ? 'document' : `document.${field}`;
  throw new DomainError('VALIDATION_FAILED', `${path} ${message}`, { field: path, keyword });
}

/**
 * How many objects and arrays deep `value` nests (`{}` is 1, `{ "a": [] }` 2), counted without
 * recursion and stopping one level past `limit`, so a hostile document cannot exhaust the stack.
 */
function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}
