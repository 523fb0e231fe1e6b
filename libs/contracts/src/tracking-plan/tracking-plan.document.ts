import { type Static, Type } from '@sinclair/typebox';
import { closedObject, jsonObject, nullable, oneOf, uuid } from '../json-schema/json-schema.builders';

/**
 * The tracking plan of a project as one JSON document (docs/tracking-plan.md): what is published,
 * imported and exported, and what every event is checked against. Each event definition has its own
 * SchemaVer; a publish makes an immutable plan version (1, 2, …) holding every definition.
 */
export const TRACKING_PLAN_MODES = ['OFF', 'REPORT', 'QUARANTINE'] as const;
export type TrackingPlanMode = (typeof TRACKING_PLAN_MODES)[number];

export const EVENT_DEFINITION_STATUSES = ['PLANNED', 'LIVE', 'DEPRECATED'] as const;
export type EventDefinitionStatus = (typeof EVENT_DEFINITION_STATUSES)[number];

/** What happens to a PII property's value before the event is persisted anywhere. */
export const PII_RULES = ['DROP', 'HASH'] as const;
export type PiiRule = (typeof PII_RULES)[number];

/** Violation codes of an event checked against the plan. */
export const PLAN_VIOLATION_CODES = [
  'UNPLANNED_EVENT',
  'DEPRECATED_EVENT',
  'MISSING_REQUIRED_PROPERTY',
  'WRONG_TYPE',
  'NOT_IN_ENUM',
  'PATTERN_MISMATCH',
  'OUT_OF_RANGE',
  'UNPLANNED_PROPERTY',
] as const;
export type PlanViolationCode = (typeof PLAN_VIOLATION_CODES)[number];

export const TRACKING_PLAN_LIMITS = {
  /** The whole document as JSON, in bytes (it travels in one NATS message). */
  maxDocumentBytes: 1_048_576,
  maxEvents: 2_000,
  maxEventNameLength: 200,
  maxDescriptionLength: 4_000,
  maxPiiRulesPerDefinition: 200,
  maxInstrumentationItems: 50,
  /** Nesting of a properties schema, in objects and arrays. */
  maxSchemaDepth: 16,
} as const;

/** `MODEL-REVISION-ADDITION`, each part up to 6 digits, MODEL ≥ 1. */
const schemaVer = () => Type.String({ pattern: '^[1-9][0-9]{0,5}-(0|[1-9][0-9]{0,5})-(0|[1-9][0-9]{0,5})$' });

/**
 * A property marked PII, by JSON pointer into the event's properties (`/email`, `/user/email`;
 * object properties only, not array items), and its rule.
 */
export const piiMarkSchema = closedObject({
  pointer: Type.String({ minLength: 2, maxLength: 500, pattern: '^(/[^/]+)+$' }),
  rule: oneOf(PII_RULES, { type: 'string' }),
});
export type PiiMarkDto = Static<typeof piiMarkSchema>;

export const eventDefinitionSchema = closedObject({
  /** The event name exactly as SDKs send it (`$pageview`, `Order Completed`). */
  name: Type.String({ minLength: 1, maxLength: TRACKING_PLAN_LIMITS.maxEventNameLength }),
  description: Type.String({ maxLength: TRACKING_PLAN_LIMITS.maxDescriptionLength }),
  /** A project member (user id) who answers for it, or null. */
  owner: nullable(uuid()),
  status: oneOf(EVENT_DEFINITION_STATUSES, { type: 'string' }),
  schemaVer: schemaVer(),
  /** JSON Schema draft 2020-12 of the event's properties (`type: object`). */
  properties: jsonObject(),
  pii: Type.Array(piiMarkSchema, { maxItems: TRACKING_PLAN_LIMITS.maxPiiRulesPerDefinition }),
  /** The backlog's instrumentation items that introduced or changed this definition. */
  instrumentationItemIds: Type.Array(uuid(), { maxItems: TRACKING_PLAN_LIMITS.maxInstrumentationItems, uniqueItems: true }),
});
export type EventDefinitionDto = Static<typeof eventDefinitionSchema>;

/** The schema of identify traits (`$set`, `identify(userId, traits)`), versioned like an event. */
export const traitsDefinitionSchema = closedObject({
  schemaVer: schemaVer(),
  properties: jsonObject(),
  pii: Type.Array(piiMarkSchema, { maxItems: TRACKING_PLAN_LIMITS.maxPiiRulesPerDefinition }),
});
export type TraitsDefinitionDto = Static<typeof traitsDefinitionSchema>;

export const trackingPlanDocumentSchema = closedObject({
  events: Type.Array(eventDefinitionSchema, { maxItems: TRACKING_PLAN_LIMITS.maxEvents }),
  traits: nullable(traitsDefinitionSchema),
});
export type TrackingPlanDocumentDto = Static<typeof trackingPlanDocumentSchema>;

/** One violation of one event: where, what was expected and received, and who sent it. */
export interface PlanViolationDto {
  code: PlanViolationCode;
  /** JSON pointer into the event's properties (`""` for the event as a whole). */
  pointer: string;
  /** What the plan asks there: the type(s) for WRONG_TYPE, the allowed values for NOT_IN_ENUM, the bound or pattern, … */
  expected: string | null;
  /** The JSON type received (`string`, `integer`, `object`, …), never the value. */
  received: string | null;
}
