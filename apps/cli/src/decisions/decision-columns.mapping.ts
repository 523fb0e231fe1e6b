import type { DecisionAttributes, DecisionInputDto } from '@fulcrum/contracts';

/** Decision fields a CSV column can fill; by default each is read from the column of the same name. */
export const DECISION_FIELDS = ['decisionId', 'subjectRef', 'occurredAt', 'purpose', 'outcome', 'score', 'groundTruth'] as const;
export type DecisionField = (typeof DECISION_FIELDS)[number];
const REQUIRED_FIELDS: readonly DecisionField[] = ['decisionId', 'subjectRef', 'occurredAt', 'purpose', 'outcome'];

export type ColumnMap = Partial<Record<DecisionField, string>>;

export interface MappingOptions {
  /** `--map`: field → column name, overriding the same-name default. */
  map: ColumnMap;
  /** `--attributes`: columns copied into `attributes` under their own names. */
  attributes: string[];
  /** `--purpose`: one purpose for every row instead of a column. */
  purpose?: string;
}

/** Where each field comes from in a record, resolved once against the header. */
export interface ColumnPlan {
  fieldCount: number;
  columns: Partial<Record<DecisionField, { name: string; index: number }>>;
  attributes: Array<{ name: string; index: number }>;
  purpose?: string;
}

/** A row that is not sent, with the code and message the summary prints. */
export interface RowProblem {
  code: 'MISSING_FIELD' | 'INVALID_FIELD' | 'WRONG_FIELD_COUNT';
  message: string;
}

/** `decisionId=id,occurredAt=ts` → { decisionId: 'id', occurredAt: 'ts' }. */
export function parseColumnMap(spec: string): ColumnMap | { error: string } {
  const map: ColumnMap = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    const field = (eq < 0 ? part : part.slice(0, eq)).trim();
    const column = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!(DECISION_FIELDS as readonly string[]).includes(field)) {
      return { error: `--map: unknown field "${field}" (fields: ${DECISION_FIELDS.join(', ')})` };
    }
    if (column === '') return { error: `--map: give a column for ${field} as ${field}=<column>` };
    if (map[field as DecisionField] !== undefined) return { error: `--map: ${field} is mapped twice` };
    map[field as DecisionField] = column;
  }
  return map;
}

/** `sex, race` → ['sex', 'race']. */
export function parseAttributeList(spec: string): string[] | { error: string } {
  const names = spec.split(',').map((n) => n.trim());
  if (names.some((n) => n === '')) return { error: '--attributes: give column names separated by commas' };
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) return { error: `--attributes: "${repeated}" is listed twice` };
  return names;
}

/**
 * Resolves fields and attributes to header positions. A mapped, required or attribute column that
 * is missing or appears twice in the header is an error (the whole file would be misread).
 * score and groundTruth are optional: without --map they are read only if such a column exists.
 */
export function planColumns(header: readonly string[], options: MappingOptions): ColumnPlan | { error: string } {
  const names = header.map((h) => h.trim());
  const positionOf = (name: string): number | { error: string } => {
    const first = names.indexOf(name);
    if (first < 0) return { error: `column "${name}" is not in the header (columns: ${names.join(', ')})` };
    if (names.indexOf(name, first + 1) >= 0) return { error: `column "${name}" appears more than once in the header` };
    return first;
  };
  if (options.purpose !== undefined && options.map.purpose !== undefined) return { error: 'give either --purpose or --map purpose=<column>, not both' };
  const plan: ColumnPlan = { fieldCount: header.length, columns: {}, attributes: [], purpose: options.purpose };
  for (const field of DECISION_FIELDS) {
    if (field === 'purpose' && options.purpose !== undefined) continue;
    const mapped = options.map[field];
    const name = mapped ?? field;
    if (mapped === undefined && !REQUIRED_FIELDS.includes(field) && !names.includes(name)) continue;
    const index = positionOf(name);
    if (typeof index !== 'number') {
      const hint = field === 'purpose' ? '; or give one purpose for every row with --purpose' : `; map another column with --map ${field}=<column>`;
      return { error: `${field}: ${index.error}${mapped === undefined ? hint : ''}` };
    }
    plan.columns[field] = { name, index };
  }
  for (const name of options.attributes) {
    const index = positionOf(name);
    if (typeof index !== 'number') return { error: `--attributes: ${index.error}` };
    plan.attributes.push({ name, index });
  }
  return plan;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal number (surrounding spaces allowed); anything else — `1,5`, `n/a`, `0x1F`, `Infinity` — is null. */
export function parseScore(text: string): number | null {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/**
 * One CSV record → the decision sent to recordDecisions, or the reason it is not sent. An empty
 * required cell is MISSING_FIELD (GraphQL would refuse the whole batch otherwise); an empty
 * optional cell is left out; an empty attribute cell becomes null (the attribute is missing).
 * Attribute values stay strings: CSV has no types, and groups compare values as text.
 */
export function toDecision(fields: readonly string[], plan: ColumnPlan): { decision: DecisionInputDto } | { problem: RowProblem } {
  if (fields.length !== plan.fieldCount) {
    return { problem: { code: 'WRONG_FIELD_COUNT', message: `expected ${plan.fieldCount} fields like the header, found ${fields.length}` } };
  }
  const cell = (field: DecisionField): string | undefined => {
    const column = plan.columns[field];
    return column === undefined ? undefined : fields[column.index];
  };
  const required: Record<string, string> = {};
  for (const field of REQUIRED_FIELDS) {
    const value = field === 'purpose' && plan.purpose !== undefined ? plan.purpose : cell(field);
    if (value === undefined || value === '') {
      return { problem: { code: 'MISSING_FIELD', message: `${field} is empty (column "${plan.columns[field]?.name ?? field}")` } };
    }
    required[field] = value;
  }
  const decision: DecisionInputDto = {
    decisionId: required['decisionId'],
    subjectRef: required['subjectRef'],
    occurredAt: required['occurredAt'],
    purpose: required['purpose'],
    outcome: required['outcome'],
  };
  const scoreText = cell('score');
  if (scoreText !== undefined && scoreText.trim() !== '') {
    const score = parseScore(scoreText);
    if (score === null) {
      return { problem: { code: 'INVALID_FIELD', message: `score is not a number: ${JSON.stringify(scoreText.slice(0, 50))} (column "${plan.columns.score?.name}")` } };
    }
    decision.score = score;
  }
  const groundTruth = cell('groundTruth');
  if (groundTruth !== undefined && groundTruth !== '') decision.groundTruth = groundTruth;
  if (plan.attributes.length > 0) {
    // No prototype: a column named __proto__ stays an ordinary attribute.
    const attributes = Object.create(null) as DecisionAttributes;
    for (const { name, index } of plan.attributes) attributes[name] = fields[index] === '' ? null : fields[index];
    decision.attributes = attributes;
  }
  return { decision };
}
