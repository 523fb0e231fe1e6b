import { type DecisionAttributes, GOVERNANCE_LIMITS, type RowRejectionDto } from '@fulcrum/contracts';

/** A decision row that passed validation, normalised (occurredAt as `toISOString()`, absent optionals as null). */
export interface ValidDecisionRow {
  decisionId: string;
  subjectRef: string;
  occurredAt: string;
  purpose: string;
  outcome: string;
  score: number | null;
  groundTruth: string | null;
  attributes: DecisionAttributes;
}

export type RowValidation = { ok: true; row: ValidDecisionRow } | { ok: false; rejection: RowRejectionDto };

const DECISION_FIELDS = ['decisionId', 'subjectRef', 'occurredAt', 'purpose', 'outcome', 'score', 'groundTruth', 'attributes'] as const;

/** ISO-8601 date-time with an explicit offset (`Z` or `±hh:mm`); seconds and fractions optional. */
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** Something that looks like an e-mail address: a direct identifier, not a pseudonym. */
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

class RowProblem extends Error {
  constructor(
    readonly code: 'MISSING_FIELD' | 'INVALID_FIELD',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks one decision as a caller sent it (RPC, CSV via the gateway, JetStream). The first problem
 * found becomes the row's rejection: MISSING_FIELD (a required field is absent or null) or
 * INVALID_FIELD (wrong type, empty, too long, unknown field, attributes not flat or over 4 KB).
 */
export function validateDecisionRow(raw: unknown, index: number): RowValidation {
  try {
    return { ok: true, row: checkRow(raw) };
  } catch (error) {
    if (error instanceof RowProblem) return { ok: false, rejection: { index, code: error.code, message: error.message } };
    throw error;
  }
}

function checkRow(raw: unknown): ValidDecisionRow {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new RowProblem('INVALID_FIELD', 'a decision must be a JSON object');
  const row = raw as Record<string, unknown>;
  const unknown = Object.keys(row).filter((k) => !(DECISION_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new RowProblem('INVALID_FIELD', `unknown field(s): ${unknown.slice(0, 5).join(', ')}`);

  const decisionId = requiredText(row, 'decisionId', GOVERNANCE_LIMITS.maxIdLength);
  const subjectRef = requiredText(row, 'subjectRef', GOVERNANCE_LIMITS.maxIdLength);
  if (EMAIL_LIKE.test(subjectRef)) throw new RowProblem('INVALID_FIELD', 'subjectRef looks like an e-mail address: send a pseudonym, never a direct identifier');
  const occurredAtText = requiredText(row, 'occurredAt', 40);
  const occurredAt = parseIsoWithOffset(occurredAtText);
  if (occurredAt === null) throw new RowProblem('INVALID_FIELD', 'occurredAt must be an ISO-8601 date-time with an offset, e.g. 2025-03-01T09:30:00Z');
  const purpose = requiredText(row, 'purpose', GOVERNANCE_LIMITS.maxNameLength);
  const outcome = requiredText(row, 'outcome', GOVERNANCE_LIMITS.maxNameLength);

  const score = row['score'] ?? null;
  if (score !== null && (typeof score !== 'number' || !Number.isFinite(score))) throw new RowProblem('INVALID_FIELD', 'score must be a finite number or null');
  const groundTruth = row['groundTruth'] ?? null;
  if (groundTruth !== null) checkText(groundTruth, 'groundTruth', GOVERNANCE_LIMITS.maxNameLength);

  return {
    decisionId,
    subjectRef,
    occurredAt,
    purpose,
    outcome,
    score: score === null ? null : (score as number) + 0, // -0 → 0, so equal content hashes alike
    groundTruth: groundTruth as string | null,
    attributes: checkAttributes(row['attributes'] ?? null),
  };
}

function requiredText(row: Record<string, unknown>, field: string, maxLength: number): string {
  const value = row[field];
  if (value === undefined || value === null) throw new RowProblem('MISSING_FIELD', `${field} is required`);
  return checkText(value, field, maxLength);
}

function checkText(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string') throw new RowProblem('INVALID_FIELD', `${field} must be a string`);
  if (value.trim().length === 0) throw new RowProblem('INVALID_FIELD', `${field} must not be empty`);
  if (value.length > maxLength) throw new RowProblem('INVALID_FIELD', `${field} is longer than ${maxLength} characters`);
  return value;
}

function checkAttributes(value: unknown): DecisionAttributes {
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new RowProblem('INVALID_FIELD', 'attributes must be an object of JSON scalars');
  const out: DecisionAttributes = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key.length === 0 || key.length > GOVERNANCE_LIMITS.maxNameLength) {
      throw new RowProblem('INVALID_FIELD', `attribute names must have 1 to ${GOVERNANCE_LIMITS.maxNameLength} characters`);
    }
    const scalar = v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
    if (!scalar) throw new RowProblem('INVALID_FIELD', `attributes.${key} must be a string, a finite number, a boolean or null (attributes are flat)`);
    out[key] = v as string | number | boolean | null;
  }
  const bytes = Buffer.byteLength(JSON.stringify(out), 'utf8');
  if (bytes > GOVERNANCE_LIMITS.maxAttributesBytes) {
    throw new RowProblem('INVALID_FIELD', `attributes take ${bytes} bytes as JSON; at most ${GOVERNANCE_LIMITS.maxAttributesBytes}`);
  }
  return out;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Parses an ISO-8601 date-time that carries its offset and returns it as `toISOString()` (UTC,
 * milliseconds), or null. Calendar fields are checked (no 30 February); sub-millisecond digits
 * are truncated, as JavaScript dates keep milliseconds.
 */
export function parseIsoWithOffset(text: string): string | null {
  const m = ISO_WITH_OFFSET.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > DAYS_IN_MONTH[month - 1] || (month === 2 && day === 29 && !leap)) return null;
  if (m[8] !== 'Z' && (Number(m[9]) > 23 || Number(m[10]) > 59)) return null;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms).toISOString();
}
