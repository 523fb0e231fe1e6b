import { Client } from 'pg';
import type { ResolvedDatabase } from '@fulcrum/persistence';
import { type DatabaseKind, startTestDatabase } from '@fulcrum/testing';
import { DECISIONS_TABLE_DDL, type SqlRowsRunner } from '../src/index';

/** A row of the decisions table, as tests insert it. */
export interface DecisionRecord {
  decisionId: string;
  modelVersionId: string | null;
  subjectRef?: string | null;
  occurredAt: Date | null;
  purpose?: string | null;
  outcome: string;
  score?: number | null;
  groundTruth: string | null;
  /** Stored as jsonb (any JSON object). */
  attributes: Record<string, unknown>;
}

/** A fresh database of the given kind with the decisions table, and a connected `pg` client. */
export interface DecisionsDatabase {
  client: Client;
  run: SqlRowsRunner;
  stop(): Promise<void>;
}

export async function startDecisionsDatabase(kind: DatabaseKind): Promise<DecisionsDatabase> {
  const db: ResolvedDatabase = await startTestDatabase(kind);
  const client = new Client({ connectionString: db.url });
  try {
    await client.connect();
    await client.query(DECISIONS_TABLE_DDL);
  } catch (e) {
    await client.end().catch(() => undefined);
    await db.stop();
    throw e;
  }
  return {
    client,
    run: async (text, values) => (await client.query(text, values)).rows as Record<string, unknown>[],
    async stop() {
      await client.end();
      await db.stop();
    },
  };
}

const COLUMNS = ['decision_id', 'model_version_id', 'subject_ref', 'occurred_at', 'purpose', 'outcome', 'score', 'ground_truth', 'attributes'];

/** Inserts decisions with multi-row parameterised INSERTs (`batchSize` rows, 9 values each, per statement). */
export async function insertDecisions(client: Client, rows: readonly DecisionRecord[], batchSize = 2000): Promise<void> {
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const values: unknown[] = [];
    const tuples = batch.map((r) => {
      const base = values.length;
      values.push(r.decisionId, r.modelVersionId, r.subjectRef ?? null, r.occurredAt?.toISOString() ?? null, r.purpose ?? null, r.outcome, r.score ?? null, r.groundTruth, JSON.stringify(r.attributes));
      return `($${base + 1}, $${base + 2}::uuid, $${base + 3}, $${base + 4}::timestamptz, $${base + 5}, $${base + 6}, $${base + 7}::double precision, $${base + 8}, $${base + 9}::jsonb)`;
    });
    await client.query(`INSERT INTO decisions (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, values);
  }
}

/** `|actual − expected| ≤ tolerance` with a readable failure. */
export function expectWithin(actual: number | null | undefined, expected: number, tolerance = 1e-6): void {
  if (actual === null || actual === undefined || Math.abs(actual - expected) > tolerance) {
    throw new Error(`expected ${expected} ± ${tolerance}, got ${actual}`);
  }
}
