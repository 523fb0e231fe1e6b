import type { ValidateFunction } from 'ajv/dist/2020';
import type { PiiMarkDto, PlanViolationDto, TrackingPlanDocumentDto } from '@fulcrum/contracts';
import { type CompiledPiiPlan, compilePiiPlan } from '../pii/pii.transformer';
import { parsePointer } from '../plan-schema/json-pointer';
import { type PlanAjv, compilePlanSchema, createPlanAjv } from '../plan-schema/plan-ajv.factory';
import { type SchemaNode, withoutExtensionKeywords } from '../plan-schema/schema.walker';
import { CompositeIndex } from './composite.index';
import { redactedSchema } from './redacted-schema';
import { violationsOf } from './violation.mapper';

/**
 * One plan version, compiled: what ingest holds in memory and asks about every event. Every method
 * is synchronous and pure (same input, same answer), and does not throw on JSON that meets the
 * storable-event rule (nested at most 64 levels; it holds far deeper values too: only two equal
 * values nested ~20,000 levels under `uniqueItems` overflow the stack).
 */
export interface CompiledTrackingPlan {
  readonly planVersion: number;
  /** The PII rules of this version, by event name and for traits. */
  readonly pii: CompiledPiiPlan;
  /** The plan defines an event of this name (exact match), whatever its status. */
  hasEvent(name: string): boolean;
  /**
   * The violations of an event's properties as received (before PII rules): `UNPLANNED_EVENT`
   * alone for a name the plan does not define; `DEPRECATED_EVENT` and the property violations for
   * a deprecated one; the property violations for a `PLANNED` or `LIVE` one (a planned event that
   * arrives is the plan coming true, not a violation). Empty when the event is valid.
   */
  checkEvent(name: string, properties: Readonly<Record<string, unknown>>): PlanViolationDto[];
  /** The violations of identify traits; empty when the plan has no traits definition. */
  checkTraits(traits: Readonly<Record<string, unknown>>): PlanViolationDto[];
  /**
   * As `checkEvent`, for properties whose PII rules this version's marks already applied (a
   * stored event, a failed event being replayed): PII-marked properties are not checked, and a
   * DROPped one is not missing.
   */
  checkRedactedEvent(name: string, properties: Readonly<Record<string, unknown>>): PlanViolationDto[];
  /** As `checkTraits`, for traits whose PII rules were already applied. */
  checkRedactedTraits(traits: Readonly<Record<string, unknown>>): PlanViolationDto[];
}

/** A schema of the document that ajv refuses (or that names an event twice): the plan cannot be used. */
export class TrackingPlanCompileError extends Error {
  constructor(
    /** Where in the document: `/events/3/properties`, `/traits/properties`, `/events/3/name`. */
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'TrackingPlanCompileError';
  }
}

interface Variant {
  validate: ValidateFunction;
  composites: CompositeIndex;
}

/**
 * One definition's schema and PII marks (an event's or the traits'), compiled: the raw variant now,
 * the redacted one on first use. Independent of the event's name and status, so a later plan
 * version whose definition did not change reuses it as is.
 */
class CompiledDefinition {
  private redacted: Variant | undefined;
  private readonly piiPointers: readonly string[];

  private constructor(
    private readonly ajv: PlanAjv,
    private readonly schema: SchemaNode,
    private readonly marks: readonly PiiMarkDto[],
    private readonly raw: Variant,
  ) {
    this.piiPointers = marks.map((mark) => mark.pointer).filter((pointer) => (parsePointer(pointer)?.length ?? 0) > 0);
  }

  static compile(ajv: PlanAjv, schema: Record<string, unknown>, marks: readonly PiiMarkDto[], path: string): CompiledDefinition {
    const cleaned = withoutExtensionKeywords(schema) as SchemaNode;
    return new CompiledDefinition(ajv, cleaned, marks, compileVariant(ajv, cleaned, path));
  }

  check(properties: Readonly<Record<string, unknown>>, redacted: boolean, lead: PlanViolationDto | undefined): PlanViolationDto[] {
    const variant = redacted ? this.redactedVariant() : this.raw;
    if (variant.validate(properties)) return lead ? [lead] : [];
    return violationsOf(variant.validate.errors ?? [], { composites: variant.composites, piiPointers: this.piiPointers }, lead);
  }

  private redactedVariant(): Variant {
    if (this.marks.length === 0) return this.raw;
    // The raw variant compiled, and marks only relax it: this compiles too.
    this.redacted ??= compileVariant(this.ajv, redactedSchema(this.schema, this.marks), '(redacted)');
    return this.redacted;
  }
}

function compileVariant(ajv: PlanAjv, schema: SchemaNode, path: string): Variant {
  let validate: ValidateFunction;
  try {
    validate = compilePlanSchema(ajv, schema);
  } catch (error) {
    throw new TrackingPlanCompileError(path, error instanceof Error ? error.message : String(error));
  } finally {
    // The function keeps what it needs; ajv's own cache would keep every schema of every version.
    ajv.removeSchema(schema);
  }
  return { validate, composites: new CompositeIndex(schema) };
}

/**
 * What a definition is compiled from: equal keys compile to the same validator. Plain JSON text
 * (native, far cheaper than canonical JSON): a definition re-published with its keys in another
 * order is merely compiled again.
 */
function definitionKey(schema: Record<string, unknown>, marks: readonly PiiMarkDto[]): string | undefined {
  try {
    return JSON.stringify([schema, marks]);
  } catch {
    return undefined; // no JSON form (cannot come from a parsed document): compile it afresh
  }
}

/** The compiled definitions of each plan, by key, for the next version to reuse. */
const definitionsOf = new WeakMap<CompiledTrackingPlan, ReadonlyMap<string, CompiledDefinition>>();

const unplannedEvent = (): PlanViolationDto => ({ code: 'UNPLANNED_EVENT', pointer: '', expected: null, received: null });
const deprecatedEvent = (): PlanViolationDto => ({ code: 'DEPRECATED_EVENT', pointer: '', expected: null, received: null });

export interface CompileTrackingPlanOptions {
  /**
   * The version in force so far: every definition whose properties schema and PII marks are
   * unchanged is taken from it instead of being compiled again (ajv needs 2–4 ms per definition).
   */
  previous?: CompiledTrackingPlan;
}

/**
 * Compiles every definition of a plan document once (ajv draft 2020-12, strict, all errors,
 * formats) for `checkEvent`/`checkTraits`. Expects a document `checkPlanDocument` found no problem
 * in (the publish path checks); throws TrackingPlanCompileError on a schema ajv refuses or a name
 * defined twice. `x-…` keywords are ignored, as everywhere in the plan.
 */
export function compileTrackingPlan(document: TrackingPlanDocumentDto, planVersion: number, options: CompileTrackingPlanOptions = {}): CompiledTrackingPlan {
  const ajv = createPlanAjv();
  const reusable = options.previous ? definitionsOf.get(options.previous) : undefined;
  const compiled = new Map<string, CompiledDefinition>();
  const definitionFor = (schema: Record<string, unknown>, marks: readonly PiiMarkDto[], path: string): CompiledDefinition => {
    const key = definitionKey(schema, marks);
    const known = key === undefined ? undefined : (compiled.get(key) ?? reusable?.get(key));
    const definition = known ?? CompiledDefinition.compile(ajv, schema, marks, path);
    if (key !== undefined) compiled.set(key, definition);
    return definition;
  };
  const events = new Map<string, { definition: CompiledDefinition; deprecated: boolean }>();
  document.events.forEach((event, i) => {
    if (events.has(event.name)) throw new TrackingPlanCompileError(`/events/${i}/name`, `event ${JSON.stringify(event.name)} is defined twice`);
    events.set(event.name, { definition: definitionFor(event.properties, event.pii, `/events/${i}/properties`), deprecated: event.status === 'DEPRECATED' });
  });
  const traits = document.traits ? definitionFor(document.traits.properties, document.traits.pii, '/traits/properties') : undefined;
  const checkEvent = (name: string, properties: Readonly<Record<string, unknown>>, redacted: boolean): PlanViolationDto[] => {
    const event = events.get(name);
    if (!event) return [unplannedEvent()];
    return event.definition.check(properties, redacted, event.deprecated ? deprecatedEvent() : undefined);
  };
  const plan: CompiledTrackingPlan = {
    planVersion,
    pii: compilePiiPlan(document),
    hasEvent: (name) => events.has(name),
    checkEvent: (name, properties) => checkEvent(name, properties, false),
    checkTraits: (values) => (traits ? traits.check(values, false, undefined) : []),
    checkRedactedEvent: (name, properties) => checkEvent(name, properties, true),
    checkRedactedTraits: (values) => (traits ? traits.check(values, true, undefined) : []),
  };
  definitionsOf.set(plan, compiled);
  return plan;
}
