import type { EventDefinitionDto, TrackingPlanDocumentDto } from '@fulcrum/contracts';

/**
 * The plan the speed aim is stated for (issue 12: 100 event types of 10 properties each), and events
 * for it as posthog-node sends them, for benchmarks and tests. Property `pJ` of every event is, by
 * `J mod 4`: a free string (≤ 200 characters), an enum of 4 plan names, a number in [0, 1e6], a
 * boolean; `p0`–`p2` are required; `p4` is PII (HASH); unknown properties are refused except
 * PostHog's own `$…` ones (`$lib`, `$lib_version`, …).
 */
export interface SyntheticPlanShape {
  events: number;
  properties: number;
  required: number;
}

export const SYNTHETIC_PLAN_SHAPE: SyntheticPlanShape = { events: 100, properties: 10, required: 3 };

const PLANS = ['free', 'pro', 'team', 'enterprise'];

function propertySchema(j: number): Record<string, unknown> {
  switch (j % 4) {
    case 0:
      return { type: 'string', maxLength: 200, description: `free text ${j}` };
    case 1:
      return { type: 'string', enum: PLANS, description: `plan ${j}` };
    case 2:
      return { type: 'number', minimum: 0, maximum: 1_000_000, description: `amount ${j}` };
    default:
      return { type: 'boolean', description: `flag ${j}` };
  }
}

export function syntheticEventName(i: number): string {
  return `Synthetic Event ${String(i).padStart(3, '0')}`;
}

export function syntheticTrackingPlan(shape: SyntheticPlanShape = SYNTHETIC_PLAN_SHAPE): TrackingPlanDocumentDto {
  const events: EventDefinitionDto[] = [];
  for (let i = 0; i < shape.events; i++) {
    const properties: Record<string, unknown> = {};
    for (let j = 0; j < shape.properties; j++) properties[`p${j}`] = propertySchema(j);
    events.push({
      name: syntheticEventName(i),
      description: `synthetic event ${i}`,
      owner: null,
      status: 'LIVE',
      schemaVer: '1-0-0',
      properties: {
        type: 'object',
        description: `the properties of synthetic event ${i}`,
        properties,
        required: Array.from({ length: Math.min(shape.required, shape.properties) }, (_, j) => `p${j}`),
        patternProperties: { '^\\$': {} },
        additionalProperties: false,
      },
      pii: shape.properties > 4 ? [{ pointer: '/p4', rule: 'HASH' }] : [],
      instrumentationItemIds: [],
    });
  }
  return { events, traits: null };
}

/** A valid event's properties, for any event type of the synthetic plan (`seq` varies the values), with posthog-node's `$lib` and `$lib_version`. */
export function syntheticValidProperties(seq: number, shape: SyntheticPlanShape = SYNTHETIC_PLAN_SHAPE): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (let j = 0; j < shape.properties; j++) {
    switch (j % 4) {
      case 0:
        properties[`p${j}`] = `value ${seq}-${j}`;
        break;
      case 1:
        properties[`p${j}`] = PLANS[(seq + j) % PLANS.length];
        break;
      case 2:
        properties[`p${j}`] = ((seq * 7919 + j) % 100_000) / 4;
        break;
      default:
        properties[`p${j}`] = (seq + j) % 2 === 0;
    }
  }
  properties['$lib'] = 'posthog-node';
  properties['$lib_version'] = '5.8.0';
  return properties;
}

/**
 * A violating event's properties: `p0` missing (MISSING_REQUIRED_PROPERTY), `p1` not in its enum
 * (NOT_IN_ENUM), `p2` a numeric string (WRONG_TYPE), an unknown `coupon` (UNPLANNED_PROPERTY).
 */
export function syntheticViolatingProperties(seq: number, shape: SyntheticPlanShape = SYNTHETIC_PLAN_SHAPE): Record<string, unknown> {
  const { p0: _missing, ...properties } = syntheticValidProperties(seq, shape);
  return { ...properties, p1: 'platinum', p2: String(seq), coupon: `C${seq}` };
}
