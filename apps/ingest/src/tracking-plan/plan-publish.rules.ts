import {
  DomainError,
  TRAITS_DEFINITION_NAME,
  type TrackingPlanChangeDto,
  type TrackingPlanDocumentDto,
} from '@fulcrum/contracts';
import {
  FIRST_SCHEMAVER,
  type JsonSchema,
  type SchemaChangeKind,
  bumpSchemaVer,
  classifySchemaChange,
  formatSchemaVer,
  parseSchemaVer,
  stepBetween,
  stepCovers,
} from '@fulcrum/tracking-plan';

/** One definition (an event's, or the traits') as the publish rules compare it. */
interface Definition {
  event: string;
  schemaVer: string;
  properties: JsonSchema;
}

/** Why one definition's SchemaVer label was refused (`details.definitions` of SCHEMA_CHANGE_MISLABELLED). */
export interface MislabelledDefinition {
  event: string;
  /** The SchemaVer of the current version (null: a new definition). */
  from: string | null;
  /** The SchemaVer the document labels it with. */
  to: string;
  /** The step from `from` to `to` when it is exactly one step (`ADDITION`, `REVISION`, `MODEL`), else null. */
  labelledStep: SchemaChangeKind | null;
  /** What the change is (`NEW` for a new definition, `NONE` when only annotations changed). */
  kind: TrackingPlanChangeDto['kind'];
  /** The SchemaVer the change needs at least (the one to use). */
  expected: string;
  incompatibilities: TrackingPlanChangeDto['incompatibilities'];
}

const FIRST = formatSchemaVer(FIRST_SCHEMAVER);

/**
 * The publish rules of docs/tracking-plan.md, as a pure function: compares each definition of
 * `next` (events, then the traits) with the one of the same name in `previous` (the current
 * version; null before the first publish) and answers the changes to store, or throws:
 *
 * - DEFINITION_REMOVED when a definition of `previous` is missing from `next` (deprecate it instead);
 * - SCHEMA_CHANGE_MISLABELLED when a new definition is not `1-0-0`, an unchanged properties schema
 *   (kind NONE: nothing but annotations changed) has a new SchemaVer, or a changed one is not
 *   exactly one SchemaVer step after the old one, or that step is smaller than the change needs.
 *   Every mislabelled definition is named in `details.definitions`, not just the first.
 *
 * `next` must have passed the document checks (shape, unique names, valid JSON Schemas).
 */
export function planChanges(previous: TrackingPlanDocumentDto | null, next: TrackingPlanDocumentDto): TrackingPlanChangeDto[] {
  const before = new Map(definitionsOf(previous).map((definition) => [definition.event, definition]));
  const after = definitionsOf(next);
  const kept = new Set(after.map((definition) => definition.event));
  const removed = [...before.keys()].filter((event) => !kept.has(event));
  if (removed.length > 0) {
    throw new DomainError(
      'DEFINITION_REMOVED',
      `A published definition cannot be removed (${removed.map((event) => JSON.stringify(event)).join(', ')}): keep it with status DEPRECATED instead.`,
      { events: removed },
    );
  }
  const changes: TrackingPlanChangeDto[] = [];
  const mislabelled: MislabelledDefinition[] = [];
  for (const definition of after) {
    const { change, refusal } = judge(before.get(definition.event), definition);
    changes.push(change);
    if (refusal) mislabelled.push(refusal);
  }
  if (mislabelled.length > 0) throw mislabelledError(mislabelled);
  return changes;
}

function definitionsOf(document: TrackingPlanDocumentDto | null): Definition[] {
  if (!document) return [];
  const definitions: Definition[] = document.events.map((e) => ({ event: e.name, schemaVer: e.schemaVer, properties: e.properties }));
  if (document.traits) definitions.push({ event: TRAITS_DEFINITION_NAME, schemaVer: document.traits.schemaVer, properties: document.traits.properties });
  return definitions;
}

function judge(old: Definition | undefined, now: Definition): { change: TrackingPlanChangeDto; refusal?: MislabelledDefinition } {
  if (!old) {
    const change: TrackingPlanChangeDto = { event: now.event, from: null, to: now.schemaVer, kind: 'NEW', incompatibilities: [] };
    if (now.schemaVer === FIRST) return { change };
    return { change, refusal: { event: now.event, from: null, to: now.schemaVer, labelledStep: null, kind: 'NEW', expected: FIRST, incompatibilities: [] } };
  }
  const { kind, incompatibilities } = classifySchemaChange(old.properties, now.properties);
  const change: TrackingPlanChangeDto = { event: now.event, from: old.schemaVer, to: now.schemaVer, kind, incompatibilities };
  const from = parseSchemaVer(old.schemaVer);
  const to = parseSchemaVer(now.schemaVer);
  // Both passed the document's SchemaVer pattern; a stored version always did.
  if (!from || !to) throw new Error(`unparsable SchemaVer ${old.schemaVer} → ${now.schemaVer}`);
  const labelledStep = stepBetween(from, to) ?? null;
  if (kind === 'NONE') {
    if (now.schemaVer === old.schemaVer) return { change };
    return { change, refusal: { event: now.event, from: old.schemaVer, to: now.schemaVer, labelledStep, kind, expected: old.schemaVer, incompatibilities } };
  }
  if (labelledStep !== null && stepCovers(labelledStep, kind)) return { change };
  return {
    change,
    refusal: { event: now.event, from: old.schemaVer, to: now.schemaVer, labelledStep, kind, expected: formatSchemaVer(bumpSchemaVer(from, kind)), incompatibilities },
  };
}

function mislabelledError(mislabelled: MislabelledDefinition[]): DomainError {
  const [first] = mislabelled as [MislabelledDefinition, ...MislabelledDefinition[]];
  const more = mislabelled.length > 1 ? ` (and ${mislabelled.length - 1} more definition${mislabelled.length > 2 ? 's' : ''}, see details.definitions)` : '';
  return new DomainError('SCHEMA_CHANGE_MISLABELLED', `${describe(first)}${more}.`, { definitions: mislabelled });
}

function describe(d: MislabelledDefinition): string {
  const name = JSON.stringify(d.event);
  if (d.from === null) return `${name} is new: its first SchemaVer is ${d.expected}, not ${d.to}`;
  if (d.kind === 'NONE') return `${name}: its properties schema did not change (only annotations, if anything), so it keeps SchemaVer ${d.from}, not ${d.to}`;
  const step = d.labelledStep === null ? `${d.from} → ${d.to} is not one SchemaVer step` : `${d.from} → ${d.to} is labelled ${d.labelledStep}`;
  const why = d.incompatibilities[0] ? `: ${d.incompatibilities[0].path} ${d.incompatibilities[0].message}` : '';
  return `${name}: ${step}, but the change is ${d.kind === 'ADDITION' ? 'an' : 'a'} ${d.kind}${why}; publish it as ${d.expected}`;
}
