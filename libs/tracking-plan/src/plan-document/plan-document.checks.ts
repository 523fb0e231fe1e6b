import { type PiiMarkDto, TRACKING_PLAN_LIMITS, type TrackingPlanDocumentDto } from '@fulcrum/contracts';
import { isAtOrBelow, parsePointer } from '../plan-schema/json-pointer';
import { type PlanAjv, compilePlanSchema, createPlanAjv } from '../plan-schema/plan-ajv.factory';
import { type SchemaNode, isSchemaNode, jsonDepth, subschemasOf, withoutExtensionKeywords } from '../plan-schema/schema.walker';

/**
 * What `checkPlanDocument` can find wrong with a plan document whose shape is already valid
 * (`trackingPlanDocumentSchema`). Stable: clients and the publish service may rely on them.
 */
export const PLAN_DOCUMENT_PROBLEM_CODES = [
  /** Two event definitions with the same name (names compare exactly, case and spaces included). */
  'DUPLICATE_EVENT_NAME',
  /** ajv (draft 2020-12, strict, with ajv-formats) refuses to compile the properties schema. */
  'INVALID_SCHEMA',
  /** The properties schema's root is not `type: "object"`. */
  'NOT_AN_OBJECT_SCHEMA',
  /** A `$ref` to anything but this schema (`#`) or a place in it (`#/…`). */
  'REMOTE_REF',
  /** `$dynamicRef`, `$dynamicAnchor`, `$recursiveRef`, `$recursiveAnchor`, `$id` or `$anchor`. */
  'UNSUPPORTED_KEYWORD',
  /** The schema nests deeper than `TRACKING_PLAN_LIMITS.maxSchemaDepth` objects and arrays. */
  'TOO_DEEP',
  /** A PII pointer that is no JSON pointer or names no property declared through `properties`. */
  'UNKNOWN_PII_POINTER',
  /** The same PII pointer twice in one definition. */
  'DUPLICATE_PII_POINTER',
  /** A PII pointer below another one of the same definition (the outer rule already covers it). */
  'NESTED_PII_POINTER',
] as const;
export type PlanDocumentProblemCode = (typeof PLAN_DOCUMENT_PROBLEM_CODES)[number];

export interface PlanDocumentProblem {
  /** JSON pointer into the document: `/events/3/pii/0/pointer`, `/traits/properties/properties/a/$ref`. */
  path: string;
  code: PlanDocumentProblemCode;
  message: string;
}

/** Keywords a plan schema may not use: they address schemas by URI, which a plan's schemas have none of. */
const UNSUPPORTED_KEYWORDS = new Set(['$dynamicRef', '$dynamicAnchor', '$recursiveRef', '$recursiveAnchor', '$id', '$anchor']);

/**
 * The semantic checks of a tracking plan document beyond its JSON Schema (which the caller has
 * already validated it against): unique event names; every properties schema (events and traits)
 * nests at most `maxSchemaDepth` levels, uses only local references, compiles under the plan's ajv
 * (draft 2020-12, strict, formats) and describes an object; every PII pointer names a property
 * declared through `properties`, once, and not below another PII pointer. Problems come in document
 * order; an empty list means the document can be compiled and published.
 */
export function checkPlanDocument(document: TrackingPlanDocumentDto): PlanDocumentProblem[] {
  const problems: PlanDocumentProblem[] = [];
  const ajv = createPlanAjv();
  const firstIndexOf = new Map<string, number>();
  document.events.forEach((definition, i) => {
    const first = firstIndexOf.get(definition.name);
    if (first === undefined) firstIndexOf.set(definition.name, i);
    else problems.push({ path: `/events/${i}/name`, code: 'DUPLICATE_EVENT_NAME', message: `event ${JSON.stringify(definition.name)} is already defined at /events/${first}` });
    checkDefinition(ajv, definition.properties, definition.pii, `/events/${i}`, problems);
  });
  if (document.traits) checkDefinition(ajv, document.traits.properties, document.traits.pii, '/traits', problems);
  return problems;
}

function checkDefinition(ajv: PlanAjv, schema: Record<string, unknown>, pii: readonly PiiMarkDto[], at: string, problems: PlanDocumentProblem[]): void {
  checkSchema(ajv, schema, `${at}/properties`, problems);
  checkPiiMarks(schema, pii, at, problems);
}

function checkSchema(ajv: PlanAjv, schema: Record<string, unknown>, at: string, problems: PlanDocumentProblem[]): void {
  const limit = TRACKING_PLAN_LIMITS.maxSchemaDepth;
  if (jsonDepth(schema, limit) > limit) {
    problems.push({ path: at, code: 'TOO_DEEP', message: `the schema nests deeper than ${limit} levels of objects and arrays` });
    return; // walking or compiling it further is what the limit protects against
  }
  if (schema['type'] !== 'object') {
    problems.push({
      path: schema['type'] === undefined ? at : `${at}/type`,
      code: 'NOT_AN_OBJECT_SCHEMA',
      message: `an event's properties are an object: the schema's root must have type "object" (has ${JSON.stringify(schema['type'] ?? null)})`,
    });
  }
  const before = problems.length;
  checkReferences(schema, at, problems);
  if (problems.length > before) return; // ajv would only repeat it (or try to resolve the URI)
  try {
    compilePlanSchema(ajv, withoutExtensionKeywords(schema) as SchemaNode);
  } catch (error) {
    problems.push({ path: at, code: 'INVALID_SCHEMA', message: error instanceof Error ? error.message : String(error) });
  }
}

function checkReferences(node: unknown, at: string, problems: PlanDocumentProblem[]): void {
  if (!isSchemaNode(node)) return;
  for (const keyword of Object.keys(node)) {
    const value = node[keyword];
    if (keyword === '$ref' && !(typeof value === 'string' && (value === '#' || value.startsWith('#/')))) {
      problems.push({ path: `${at}/$ref`, code: 'REMOTE_REF', message: `only references into the same schema ("#" or "#/…") are allowed, not ${JSON.stringify(value)}` });
    } else if (UNSUPPORTED_KEYWORDS.has(keyword)) {
      problems.push({ path: `${at}/${keyword}`, code: 'UNSUPPORTED_KEYWORD', message: `${keyword} is not supported in a plan schema (it has no URI; use "$ref": "#/$defs/…")` });
    }
  }
  for (const sub of subschemasOf(node)) checkReferences(sub.schema, `${at}${sub.path}`, problems);
}

function checkPiiMarks(schema: Record<string, unknown>, pii: readonly PiiMarkDto[], at: string, problems: PlanDocumentProblem[]): void {
  // One problem at most per mark, reported in the marks' order.
  const found: Array<PlanDocumentProblem | undefined> = [];
  const valid: Array<{ pointer: string; index: number }> = [];
  const seen = new Map<string, number>();
  pii.forEach((mark, i) => {
    const path = `${at}/pii/${i}/pointer`;
    const segments = parsePointer(mark.pointer);
    if (!segments || segments.length === 0) {
      found[i] = { path, code: 'UNKNOWN_PII_POINTER', message: `${JSON.stringify(mark.pointer)} is not a JSON pointer to a property` };
    } else if (!declaresProperty(schema, segments)) {
      found[i] = {
        path,
        code: 'UNKNOWN_PII_POINTER',
        message: `${JSON.stringify(mark.pointer)} names no property declared through "properties" (nested objects only; array items, $ref and combinators are not followed)`,
      };
    } else if (seen.has(mark.pointer)) {
      found[i] = { path, code: 'DUPLICATE_PII_POINTER', message: `${JSON.stringify(mark.pointer)} is already marked at ${at}/pii/${seen.get(mark.pointer)}` };
    } else {
      seen.set(mark.pointer, i);
      valid.push({ pointer: mark.pointer, index: i });
    }
  });
  for (const inner of valid) {
    const outer = valid.find((other) => other !== inner && isAtOrBelow(inner.pointer, other.pointer));
    if (outer) {
      found[inner.index] = {
        path: `${at}/pii/${inner.index}/pointer`,
        code: 'NESTED_PII_POINTER',
        message: `${JSON.stringify(inner.pointer)} lies below ${JSON.stringify(outer.pointer)} (${at}/pii/${outer.index}), whose rule already applies to its whole value`,
      };
    }
  }
  for (const problem of found) if (problem) problems.push(problem);
}

/** The schema declares the property at `segments` through nested `properties` keywords. */
function declaresProperty(schema: unknown, segments: readonly string[]): boolean {
  let node = schema;
  for (const segment of segments) {
    const properties = isSchemaNode(node) ? node['properties'] : undefined;
    if (!isSchemaNode(properties) || !Object.hasOwn(properties, segment)) return false;
    node = properties[segment];
  }
  return true;
}
