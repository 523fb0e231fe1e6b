import type { ErrorObject } from 'ajv/dist/2020';
import { PLAN_VIOLATION_CODES, type PlanViolationCode, type PlanViolationDto } from '@fulcrum/contracts';
import { escapePointerSegment, isAtOrBelow } from '../plan-schema/json-pointer';
import { isSchemaNode } from '../plan-schema/schema.walker';
import type { Composite, CompositeIndex } from './composite.index';
import { jsonTypeOf, typeAdmits } from './json-type';

/** At most this many violations are kept per event (the first ones in the stable order). */
export const MAX_VIOLATIONS_PER_EVENT = 100;
/** `expected` is cut to this many characters (a long enum or `not` schema), ending in `…`. */
export const MAX_EXPECTED_LENGTH = 200;

/** What the mapper knows of the definition an event was checked against. */
export interface ViolationContext {
  composites: CompositeIndex;
  /** The definition's PII pointers: nothing below them is named. */
  piiPointers: readonly string[];
}

const CODE_ORDER = new Map<PlanViolationCode, number>(PLAN_VIOLATION_CODES.map((code, i) => [code, i]));

/** The bound an OUT_OF_RANGE violation names, by keyword. */
const RANGE_SUBJECT: Readonly<Record<string, string>> = {
  minLength: 'length >=',
  maxLength: 'length <=',
  minItems: 'items >=',
  maxItems: 'items <=',
  minProperties: 'properties >=',
  maxProperties: 'properties <=',
};
const COMPARISONS = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'formatMinimum', 'formatMaximum', 'formatExclusiveMinimum', 'formatExclusiveMaximum']);

/**
 * ajv's errors for one event (allErrors, verbose) as plan violations: mapped by keyword (the table
 * in the README), the errors of `anyOf`/`oneOf` alternatives and of `contains` folded into one
 * violation (or, when exactly one alternative admits the value's type, into that alternative's own
 * errors), nothing named below a PII mark, one violation per (code, pointer), sorted by pointer then
 * code, at most MAX_VIOLATIONS_PER_EVENT. `lead` (DEPRECATED_EVENT) comes first when given.
 */
export function violationsOf(errors: readonly ErrorObject[], context: ViolationContext, lead?: PlanViolationDto): PlanViolationDto[] {
  const dropped = new Uint8Array(errors.length);
  const folded = new Map<number, PlanViolationDto | null>();
  for (let i = 0; i < errors.length && !context.composites.isEmpty; i++) {
    const error = errors[i];
    const keyword = error.keyword;
    if (keyword !== 'anyOf' && keyword !== 'oneOf' && keyword !== 'contains') continue;
    const composite = context.composites.get(error.parentSchema, keyword);
    const decision = foldComposite(error, keyword, composite);
    folded.set(i, decision.violation);
    // The alternatives' errors come right before the composite's own, at or below its pointer.
    const prefix = `${error.schemaPath}/`;
    for (let j = i - 1; j >= 0 && isAtOrBelow(errors[j].instancePath, error.instancePath); j--) {
      const inner = errors[j];
      const byPath = inner.schemaPath.startsWith(prefix);
      const branchByPath = byPath && keyword !== 'contains' ? Number(inner.schemaPath.slice(prefix.length).split('/', 1)[0]) : 0;
      const inBranch = (b: number): boolean => (byPath && branchByPath === b) || (composite?.branches[b]?.reach.has(inner.parentSchema as object) ?? false);
      const inAny = byPath || (composite?.branches.some((branch) => branch.reach.has(inner.parentSchema as object)) ?? false);
      if (inAny && !(decision.keepBranch >= 0 && inBranch(decision.keepBranch))) dropped[j] = 1;
    }
  }
  const found: PlanViolationDto[] = lead ? [lead] : [];
  for (let i = 0; i < errors.length; i++) {
    if (dropped[i]) continue;
    const violation = folded.size > 0 && folded.has(i) ? folded.get(i) : violationOf(errors[i]);
    if (violation) found.push(violation);
  }
  if (found.length === (lead ? 1 : 0) && errors.length > 0) {
    // ajv refused the event but every error folded into nothing (cannot happen with the keywords
    // above; a guard so that a refused event never reads as valid): name the outermost one.
    const outermost = errors[errors.length - 1];
    found.push({ code: 'PATTERN_MISMATCH', pointer: outermost.instancePath, expected: outermost.keyword, received: jsonTypeOf(outermost.data) });
  }
  return finish(found, context.piiPointers);
}

interface Fold {
  violation: PlanViolationDto | null;
  /** The one alternative whose own errors stand for the composite (-1: none). */
  keepBranch: number;
}

function foldComposite(error: ErrorObject, keyword: 'anyOf' | 'oneOf' | 'contains', composite: Composite | undefined): Fold {
  const pointer = error.instancePath;
  const received = jsonTypeOf(error.data);
  const params = error.params as Record<string, unknown>;
  if (keyword === 'contains') {
    const max = params['maxContains'];
    const expected = typeof max === 'number' ? `matching items ${String(params['minContains'])}..${max}` : `matching items >= ${String(params['minContains'])}`;
    return { violation: { code: 'OUT_OF_RANGE', pointer, expected, received }, keepBranch: -1 };
  }
  const count = composite?.branches.length ?? (Array.isArray(error.schema) ? error.schema.length : 0);
  if (keyword === 'oneOf' && Array.isArray(params['passingSchemas'])) {
    return { violation: { code: 'PATTERN_MISMATCH', pointer, expected: `oneOf: exactly one of ${count} schemas`, received }, keepBranch: -1 };
  }
  const shape = { code: 'PATTERN_MISMATCH' as const, pointer, expected: `${keyword}: ${keyword === 'oneOf' ? 'exactly' : 'at least'} one of ${count} schemas`, received };
  if (!composite) return { violation: shape, keepBranch: -1 };
  const admitting = composite.branches.map((branch, i) => ({ branch, i })).filter(({ branch }) => branch.types === null || branch.types.some((type) => typeAdmits(type, received)));
  if (admitting.length === 0) {
    const types = [...new Set(composite.branches.flatMap((branch) => branch.types ?? []))];
    return { violation: { code: 'WRONG_TYPE', pointer, expected: types.join('|'), received }, keepBranch: -1 };
  }
  if (admitting.every(({ branch }) => branch.values !== null)) {
    return { violation: { code: 'NOT_IN_ENUM', pointer, expected: capped(JSON.stringify(admitting.flatMap(({ branch }) => branch.values ?? []))), received }, keepBranch: -1 };
  }
  if (admitting.length === 1) return { violation: null, keepBranch: admitting[0].i };
  return { violation: shape, keepBranch: -1 };
}

/** One ajv error (not of a composite) as a violation, or null for errors that only wrap others. */
function violationOf(error: ErrorObject): PlanViolationDto | null {
  if (error.propertyName !== undefined) return null; // inside propertyNames: reported once as the name below
  const params = error.params as Record<string, unknown>;
  const at = error.instancePath;
  const data: unknown = error.data;
  const keyword = error.keyword;
  switch (keyword) {
    case 'required':
    case 'dependentRequired': {
      const name = String(params['missingProperty']);
      return { code: 'MISSING_REQUIRED_PROPERTY', pointer: `${at}/${escapePointerSegment(name)}`, expected: declaredType(error.parentSchema, name), received: null };
    }
    case 'type':
      return { code: 'WRONG_TYPE', pointer: at, expected: typeList(params['type']), received: jsonTypeOf(data) };
    case 'enum':
      return { code: 'NOT_IN_ENUM', pointer: at, expected: capped(JSON.stringify(params['allowedValues'])), received: jsonTypeOf(data) };
    case 'const':
      return { code: 'NOT_IN_ENUM', pointer: at, expected: capped(JSON.stringify([params['allowedValue']])), received: jsonTypeOf(data) };
    case 'pattern':
      return { code: 'PATTERN_MISMATCH', pointer: at, expected: capped(`pattern ${String(params['pattern'])}`), received: jsonTypeOf(data) };
    case 'format':
      return { code: 'PATTERN_MISMATCH', pointer: at, expected: `format ${String(params['format'])}`, received: jsonTypeOf(data) };
    case 'multipleOf':
      return { code: 'OUT_OF_RANGE', pointer: at, expected: `multiple of ${String(params['multipleOf'])}`, received: jsonTypeOf(data) };
    case 'uniqueItems':
      return { code: 'OUT_OF_RANGE', pointer: at, expected: 'unique items', received: jsonTypeOf(data) };
    case 'items':
    case 'additionalItems':
      return { code: 'OUT_OF_RANGE', pointer: at, expected: `items <= ${String(params['limit'])}`, received: jsonTypeOf(data) };
    case 'unevaluatedItems':
      return { code: 'OUT_OF_RANGE', pointer: at, expected: `items <= ${String(params['len'])}`, received: jsonTypeOf(data) };
    case 'additionalProperties':
      return unplanned(at, params['additionalProperty'], data);
    case 'unevaluatedProperties':
      return unplanned(at, params['unevaluatedProperty'], data);
    case 'propertyNames':
      return unplanned(at, params['propertyName'], data);
    case 'false schema':
      return { code: 'UNPLANNED_PROPERTY', pointer: at, expected: null, received: jsonTypeOf(data) };
    case 'not':
      return { code: 'PATTERN_MISMATCH', pointer: at, expected: capped(`not ${JSON.stringify(error.schema)}`), received: jsonTypeOf(data) };
    case 'if':
      return null; // the failing `then`/`else` reported its own errors
    default:
      if (COMPARISONS.has(keyword)) {
        return { code: 'OUT_OF_RANGE', pointer: at, expected: `${String(params['comparison'])} ${String(params['limit'])}`, received: jsonTypeOf(data) };
      }
      if (RANGE_SUBJECT[keyword] !== undefined) {
        return { code: 'OUT_OF_RANGE', pointer: at, expected: `${RANGE_SUBJECT[keyword]} ${String(params['limit'])}`, received: jsonTypeOf(data) };
      }
      // Any other keyword (a new ajv vocabulary): the value does not have the shape the plan asks.
      return { code: 'PATTERN_MISMATCH', pointer: at, expected: keyword, received: jsonTypeOf(data) };
  }
}

function unplanned(at: string, name: unknown, data: unknown): PlanViolationDto {
  const key = String(name);
  const value = isSchemaNode(data) && Object.hasOwn(data, key) ? data[key] : undefined;
  return { code: 'UNPLANNED_PROPERTY', pointer: `${at}/${escapePointerSegment(key)}`, expected: null, received: jsonTypeOf(value) };
}

function typeList(type: unknown): string {
  return Array.isArray(type) ? type.join('|') : String(type);
}

/** The type(s) the plan declares for a missing property, when it declares any. */
function declaredType(parentSchema: unknown, name: string): string | null {
  const properties = isSchemaNode(parentSchema) ? parentSchema['properties'] : undefined;
  const declared = isSchemaNode(properties) && Object.hasOwn(properties, name) ? properties[name] : undefined;
  const type = isSchemaNode(declared) ? declared['type'] : undefined;
  return type === undefined ? null : typeList(type);
}

/** At most MAX_EXPECTED_LENGTH characters, never cutting a surrogate pair in two. */
function capped(text: string): string {
  if (text.length <= MAX_EXPECTED_LENGTH) return text;
  let end = MAX_EXPECTED_LENGTH - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

function finish(found: PlanViolationDto[], piiPointers: readonly string[]): PlanViolationDto[] {
  if (piiPointers.length > 0) {
    for (let i = 0; i < found.length; i++) {
      const violation = found[i];
      const mark = piiPointers.find((pointer) => violation.pointer !== pointer && isAtOrBelow(violation.pointer, pointer));
      // Names and positions inside a PII value are part of the value: name only the marked property.
      if (mark !== undefined) found[i] = { code: violation.code, pointer: mark, expected: null, received: null };
    }
  }
  // A stable sort: equal (pointer, code) pairs end up side by side, the first found first.
  found.sort(byPointerThenCode);
  const kept: PlanViolationDto[] = [];
  for (let i = 0; i < found.length && kept.length < MAX_VIOLATIONS_PER_EVENT; i++) {
    const violation = found[i];
    const last = kept[kept.length - 1];
    if (last !== undefined && last.pointer === violation.pointer && last.code === violation.code) continue;
    kept.push(violation);
  }
  return kept;
}

function byPointerThenCode(a: PlanViolationDto, b: PlanViolationDto): number {
  if (a.pointer !== b.pointer) return a.pointer < b.pointer ? -1 : 1;
  return (CODE_ORDER.get(a.code) ?? 0) - (CODE_ORDER.get(b.code) ?? 0);
}
