import { createHash, randomBytes } from 'node:crypto';
import { type JsonValue, canonicalJson } from '@fulcrum/audit-log';
import type { RowRejectionDto } from '@fulcrum/contracts';
import type { ValidDecisionRow } from './decision-row.validator';

/**
 * What a recorded decision commits to: every field as sent (normalised), including the model
 * version. Two sends of the same decisionId are "the same decision" exactly when these are equal.
 */
export function decisionContent(modelVersionId: string, row: ValidDecisionRow): JsonValue {
  return {
    decisionId: row.decisionId,
    modelVersionId,
    subjectRef: row.subjectRef,
    occurredAt: row.occurredAt,
    purpose: row.purpose,
    outcome: row.outcome,
    score: row.score,
    groundTruth: row.groundTruth,
    attributes: row.attributes,
  };
}

export function newContentSalt(): string {
  return randomBytes(16).toString('hex');
}

/**
 * `sha256:` hex of the RFC 8785 canonical JSON of `{ content, salt }`. The salt (kept in the
 * decision row, deleted on erasure) makes the hash useless for confirming a guessed subjectRef
 * once the row is erased, while the hash itself stays, so the batch's `rowsHash` on the audit
 * trail still covers the other rows.
 */
export function saltedContentHash(salt: string, content: JsonValue): string {
  return sha256(canonicalJson({ content, salt }));
}

/** The batch's `rowsHash` on the trail: `sha256:` of the canonical JSON array of the rows' content hashes, in order. */
export function rowsHash(contentHashes: readonly string[]): string {
  return sha256(canonicalJson([...contentHashes]));
}

export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

export interface CandidateRow {
  index: number;
  row: ValidDecisionRow;
  content: JsonValue;
  /** Canonical JSON of `content` (compared for in-batch repeats). */
  canonical: string;
}

/**
 * Collapses repeats of a decisionId inside one batch: the first occurrence is the candidate; a
 * later one with the same content counts as a duplicate, with different content it is rejected
 * (DECISION_ID_CONFLICT).
 */
export function collapseBatchRepeats(
  modelVersionId: string,
  rows: ReadonlyArray<{ index: number; row: ValidDecisionRow }>,
): { candidates: CandidateRow[]; duplicates: number; rejected: RowRejectionDto[] } {
  const byId = new Map<string, CandidateRow>();
  const rejected: RowRejectionDto[] = [];
  let duplicates = 0;
  for (const { index, row } of rows) {
    const content = decisionContent(modelVersionId, row);
    const canonical = canonicalJson(content);
    const first = byId.get(row.decisionId);
    if (!first) {
      byId.set(row.decisionId, { index, row, content, canonical });
    } else if (first.canonical === canonical) {
      duplicates++;
    } else {
      rejected.push({
        index,
        code: 'DECISION_ID_CONFLICT',
        message: `decisionId ${JSON.stringify(row.decisionId)} appears earlier in this batch (index ${first.index}) with different content`,
      });
    }
  }
  return { candidates: [...byId.values()], duplicates, rejected };
}
