import { type DuckDBConnection, DuckDBTimestampTZValue } from '@duckdb/node-api';
import { APPLY_STAGED_LINKS, LINK_STAGING_TABLE } from '../duckdb/analytics-schema';
import type { LinkCandidate } from './identity-link.candidates';
import type { IdentityDecisions, IdentityState } from './identity.resolver';

const CONFLICT_SHAPE = JSON.stringify([
  { projectId: 'VARCHAR', eventId: 'VARCHAR', seq: 'UBIGINT', source: 'VARCHAR', target: 'VARCHAR', reason: 'VARCHAR', existingPersonId: 'VARCHAR' },
]);
const INSERT_CONFLICTS = `
  INSERT OR IGNORE INTO identity_conflicts
  SELECT c.projectId, c.eventId, c.seq, c.source, c.target, c.reason, c.existingPersonId, now()
  FROM (SELECT unnest(from_json(CAST($1 AS VARCHAR), '${CONFLICT_SHAPE}')) AS c)`;

/**
 * The identity map in DuckDB (owned by the analytics service): accepted links, identified ids and
 * refused links. Reads and writes run on the writer connection inside the event transaction, so
 * links, events and the data version move together.
 */
export class IdentityStore {
  /**
   * The known links of every id the candidates mention, and whether each of those ids and each of
   * their persons is identified: the resolver asks about a target's person, which the candidates
   * need not mention (`identify A42→P121` earlier, then `identify anonX→A42`: P121 is asked about).
   */
  async load(c: DuckDBConnection, candidates: readonly LinkCandidate[]): Promise<IdentityState> {
    const byProject = new Map<string, Set<string>>();
    for (const x of candidates) {
      const ids = byProject.get(x.projectId) ?? new Set<string>();
      ids.add(x.source).add(x.target);
      if (x.identifies) ids.add(x.identifies);
      byProject.set(x.projectId, ids);
    }
    const persons = new Map<string, string>();
    const identified = new Set<string>();
    for (const [projectId, ids] of byProject) {
      const list = JSON.stringify([...ids]);
      const links = (
        await c.runAndReadAll(
          `SELECT distinct_id, person_id FROM identity_links
           WHERE project_id = $1 AND distinct_id IN (SELECT unnest(from_json(CAST($2 AS VARCHAR), '["VARCHAR"]')))`,
          [projectId, list],
        )
      ).getRowObjectsJS();
      for (const r of links) {
        persons.set(`${projectId}\u0000${String(r['distinct_id'])}`, String(r['person_id']));
        ids.add(String(r['person_id']));
      }
      const known = (
        await c.runAndReadAll(
          `SELECT distinct_id FROM identified_ids
           WHERE project_id = $1 AND distinct_id IN (SELECT unnest(from_json(CAST($2 AS VARCHAR), '["VARCHAR"]')))`,
          [projectId, JSON.stringify([...ids])],
        )
      ).getRowObjectsJS();
      for (const r of known) identified.add(`${projectId}\u0000${String(r['distinct_id'])}`);
    }
    return {
      personOf: (p, id) => persons.get(`${p}\u0000${id}`),
      isIdentified: (p, id) => identified.has(`${p}\u0000${id}`),
    };
  }

  /** Stores the decisions; links go in before the batch's events are inserted (they join them). */
  async writeDecisions(c: DuckDBConnection, d: IdentityDecisions): Promise<void> {
    // Links and identified ids are new by construction (the resolver checked the stored map), so
    // the Appender writes them; a batch of a new product's sign-ups carries thousands.
    if (d.links.length > 0) {
      const now = new DuckDBTimestampTZValue(BigInt(Date.now()) * 1000n);
      const links = await c.createAppender('identity_links');
      const staged = await c.createAppender(LINK_STAGING_TABLE, 'main', 'temp');
      try {
        for (const l of d.links) {
          links.appendVarchar(l.projectId);
          links.appendVarchar(l.distinctId);
          links.appendVarchar(l.personId);
          links.appendUBigInt(BigInt(l.seq));
          links.appendVarchar(l.eventId);
          links.appendTimestampTZ(now);
          links.endRow();
          staged.appendVarchar(l.projectId);
          staged.appendVarchar(l.distinctId);
          staged.appendVarchar(l.personId);
          staged.appendUBigInt(BigInt(l.seq));
          staged.endRow();
        }
      } finally {
        links.closeSync();
        staged.closeSync();
      }
    }
    if (d.identified.length > 0) {
      const identified = await c.createAppender('identified_ids');
      try {
        for (const i of d.identified) {
          identified.appendVarchar(i.projectId);
          identified.appendVarchar(i.distinctId);
          identified.appendUBigInt(BigInt(i.seq));
          identified.endRow();
        }
      } finally {
        identified.closeSync();
      }
    }
    if (d.conflicts.length > 0) {
      // One statement for all of them: one INSERT per conflict cost ~17 ms each, so a client sending
      // conflicting identifies (cheap to do with a public write key) slowed everyone's events.
      const unique = new Map(d.conflicts.map((x) => [`${x.projectId}\u0000${x.eventId}\u0000${x.source}`, x]));
      await c.run(INSERT_CONFLICTS, [JSON.stringify([...unique.values()])]);
    }
  }

  /** After the batch's events are in: events stored earlier under a newly linked id move to its person. */
  async applyStagedLinks(c: DuckDBConnection, count: number): Promise<void> {
    if (count === 0) return;
    await c.run(APPLY_STAGED_LINKS);
    await c.run(`DELETE FROM ${LINK_STAGING_TABLE}`);
  }
}
