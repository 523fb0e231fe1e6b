import { GOVERNANCE_LIMITS, type OutcomeInputDto, type RowRejectionDto } from '@fulcrum/contracts';

export type OutcomeValidation = { ok: true; row: OutcomeInputDto } | { ok: false; rejection: RowRejectionDto };

/** Checks one `{ decisionId, groundTruth }` of a recordOutcomes call; the first problem becomes the rejection. */
export function validateOutcomeRow(raw: unknown, index: number): OutcomeValidation {
  const reject = (code: 'MISSING_FIELD' | 'INVALID_FIELD', message: string): OutcomeValidation => ({ ok: false, rejection: { index, code, message } });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return reject('INVALID_FIELD', 'an outcome must be a JSON object');
  const row = raw as Record<string, unknown>;
  const unknown = Object.keys(row).filter((k) => k !== 'decisionId' && k !== 'groundTruth');
  if (unknown.length > 0) return reject('INVALID_FIELD', `unknown field(s): ${unknown.slice(0, 5).join(', ')}`);
  const limits: Array<['decisionId' | 'groundTruth', number]> = [
    ['decisionId', GOVERNANCE_LIMITS.maxIdLength],
    ['groundTruth', GOVERNANCE_LIMITS.maxNameLength],
  ];
  for (const [field, max] of limits) {
    const value = row[field];
    if (value === undefined || value === null) return reject('MISSING_FIELD', `${field} is required`);
    if (typeof value !== 'string') return reject('INVALID_FIELD', `${field} must be a string`);
    if (value.trim().length === 0) return reject('INVALID_FIELD', `${field} must not be empty`);
    if (value.length > max) return reject('INVALID_FIELD', `${field} is longer than ${max} characters`);
  }
  return { ok: true, row: { decisionId: row['decisionId'] as string, groundTruth: row['groundTruth'] as string } };
}

/**
 * Keeps the first outcome per decisionId; a repeat with the same ground truth is absorbed, one
 * with a different ground truth is rejected (DECISION_ID_CONFLICT) rather than guessing which wins.
 */
export function collapseOutcomeRepeats(rows: ReadonlyArray<{ index: number; row: OutcomeInputDto }>): {
  unique: Array<{ index: number; row: OutcomeInputDto }>;
  rejected: RowRejectionDto[];
} {
  const byId = new Map<string, { index: number; row: OutcomeInputDto }>();
  const rejected: RowRejectionDto[] = [];
  for (const entry of rows) {
    const first = byId.get(entry.row.decisionId);
    if (!first) byId.set(entry.row.decisionId, entry);
    else if (first.row.groundTruth !== entry.row.groundTruth) {
      rejected.push({
        index: entry.index,
        code: 'DECISION_ID_CONFLICT',
        message: `decisionId ${JSON.stringify(entry.row.decisionId)} appears earlier in this batch (index ${first.index}) with a different groundTruth`,
      });
    }
  }
  return { unique: [...byId.values()], rejected };
}
