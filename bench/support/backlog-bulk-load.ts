/**
 * Bulk load of the generated project straight into the backlog's own tables (the schema its
 * migrations made: run the service once before), with multi-row `INSERT … SELECT FROM unnest(…)`
 * through `pg`, many thousand rows per statement. Not timed for any aim: loading 100,000 items and
 * 300,000 links one RPC at a time would take far longer than the benchmark itself.
 *
 * What the service would have written itself and this load writes too: the project row (its key,
 * as `ProjectKeyReader` remembers it from ingest, and the item counter), the items (version 1) and
 * the live links. Not written: item activity and the audit outbox rows of those creations (no read
 * of the benchmark touches them), track settings (absent = the default scales).
 */
import type { Client } from 'pg';
import { type BenchDataset, LINK_TYPES } from './backlog-dataset';

const CHUNK = 5_000;

export async function bulkLoad(client: Client, ds: BenchDataset, onProgress: (what: string) => void): Promise<void> {
  await client.query(`INSERT INTO backlog_projects (project_id, key, last_number, created_at) VALUES ($1, $2, $3, $4)`, [
    ds.projectId,
    ds.projectKey,
    ds.items.length,
    new Date(Date.UTC(2024, 0, 1)),
  ]);
  for (let start = 0; start < ds.items.length; start += CHUNK) {
    const rows = ds.items.slice(start, start + CHUNK);
    await client.query(
      `INSERT INTO backlog_items (id, project_id, number, track, kind, title, description, estimate, owners, labels, state, rank, version,
                                  delivered_at, accepted_at, accepted_by, created_at, created_by, updated_at)
       SELECT id, $1::uuid, number, track, kind, title, description, estimate,
              ARRAY(SELECT jsonb_array_elements_text(owners))::uuid[], ARRAY(SELECT jsonb_array_elements_text(labels)),
              state, rank, 1, delivered_at, accepted_at, accepted_by, created_at, created_by, created_at
         FROM unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::jsonb[], $11::text[],
                     $12::text[], $13::timestamptz[], $14::timestamptz[], $15::text[], $16::timestamptz[], $17::text[])
           AS t(id, number, track, kind, title, description, estimate, owners, labels, state, rank, delivered_at, accepted_at, accepted_by, created_at, created_by)`,
      [
        ds.projectId,
        rows.map((r) => r.id),
        rows.map((r) => r.number),
        rows.map((r) => r.track),
        rows.map((r) => r.kind),
        rows.map((r) => r.title),
        rows.map((r) => r.description),
        rows.map((r) => r.estimate),
        rows.map((r) => JSON.stringify(r.owners)),
        rows.map((r) => JSON.stringify(r.labels)),
        rows.map((r) => r.state),
        rows.map((r) => r.rank),
        rows.map((r) => r.deliveredAt),
        rows.map((r) => r.acceptedAt),
        rows.map((r) => r.acceptedBy),
        rows.map((r) => r.createdAt),
        rows.map((r) => r.createdBy),
      ],
    );
    onProgress(`items ${Math.min(start + CHUNK, ds.items.length)}/${ds.items.length}`);
  }
  const { links, items } = ds;
  for (let start = 0; start < links.ids.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, links.ids.length);
    const range = Array.from({ length: end - start }, (_, j) => start + j);
    await client.query(
      `INSERT INTO backlog_links (id, project_id, from_item_id, to_item_id, type, created_at, created_by)
       SELECT id, $1::uuid, f, t, ty, c, b FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[], $7::text[]) AS u(id, f, t, ty, c, b)`,
      [
        ds.projectId,
        range.map((k) => links.ids[k]),
        range.map((k) => items[links.from[k]].id),
        range.map((k) => items[links.to[k]].id),
        range.map((k) => LINK_TYPES[links.type[k]]),
        range.map((k) => links.createdAt[k]),
        range.map((k) => links.createdBy[k]),
      ],
    );
    onProgress(`links ${end}/${links.ids.length}`);
  }
  // Fresh statistics, as autovacuum would have gathered over the months these rows took to write.
  await client.query('VACUUM ANALYZE backlog_projects');
  await client.query('VACUUM ANALYZE backlog_items');
  await client.query('VACUUM ANALYZE backlog_links');
}
