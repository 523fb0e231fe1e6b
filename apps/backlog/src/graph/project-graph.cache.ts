import { setTimeout as delay } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EstimateScale, ItemKind, ItemState, LinkType, Track } from '../domain/backlog.vocabulary';
import { returningRows } from '../infrastructure/returning-rows';
import { ProjectGraphState } from './project-graph.state';

/** How many 1 ms waits a writer gives a lagging publish before it loads the state again (a reload of 100,000 items takes seconds). */
const PUBLISH_WAITS = 20;

/** A project's state and the `graph_version` it reflects. */
export interface GraphSnapshot {
  readonly state: ProjectGraphState;
  /** Read it at the moment of use: a published change moves it on (and changes `state` in place). */
  version: number;
}

/**
 * One committed change of a project's graph facts, claimed in its transaction (the version bump)
 * and described there, applied to the cache only after the commit (`publish`).
 */
export class GraphChange {
  private readonly steps: Array<(state: ProjectGraphState) => void> = [];

  constructor(
    readonly projectId: string,
    /** The version before this change; the transaction commits `base + 1`. */
    readonly base: number,
  ) {}

  /** What the change does to the project's state (applied after the commit, in order). */
  record(step: (state: ProjectGraphState) => void): void {
    this.steps.push(step);
  }

  applyTo(state: ProjectGraphState): void {
    for (const step of this.steps) step(state);
  }
}

/**
 * Each project's graph facts in memory (ProjectGraphState: items' track, kind, state and estimate,
 * live links of every type, the ordering graph, track scales), loaded lazily in one pass and kept
 * current by the writes that change them. The backlog runs as ONE process by design (the gateway
 * is the replicated tier), so its own writes are all the writes; correctness never rests on that:
 *
 * - Every write that changes these facts first bumps `backlog_projects.graph_version` (`claim`),
 *   which also takes the project row's lock until its commit, so such writes are serialised per
 *   project and each commits exactly one version. Lock order everywhere: track, project, item.
 * - A writer that reads the cache inside its transaction (a link's checks on the locking path) uses
 *   it only when it is labelled with the version before its own bump, else it loads the facts again
 *   in that transaction: under the project lock nothing else can change them. A writer that judges
 *   on the cache first (a link addition) writes in one statement that bumps the version only when
 *   the project is still at the label it judged on, under the project's lock, and otherwise writes
 *   nothing; its refusals are confirmed by reading that the version is still the label.
 * - After the commit, `publish` applies the change only to a cache labelled with its base version
 *   and relabels it base + 1. A failed transaction publishes nothing (the database rolled the bump
 *   back too); a change that finds another label is not applied (the cache is then either behind,
 *   and dropped, or already past it, from a later snapshot).
 * - Readers compare the label with the version the database answers in the same statement as
 *   their display rows; on a mismatch they retry, and then read from a fresh snapshot.
 *
 * So a cache is only ever used at a label equal to the committed version, and a cache so labelled
 * holds exactly the committed facts (the property test in `test/` checks this over random writes).
 */
@Injectable()
export class ProjectGraphCache {
  private readonly entries = new Map<string, GraphSnapshot>();

  constructor(private readonly dataSource: DataSource) {}

  /** Bumps the project's graph version (taking its row lock); null when the backlog does not know the project. */
  async claim(manager: EntityManager, projectId: string): Promise<GraphChange | null> {
    const rows = returningRows<{ v: string }>(
      await manager.query(`UPDATE backlog_projects SET graph_version = graph_version + 1 WHERE project_id = $1 RETURNING graph_version AS v`, [projectId]),
    );
    return rows[0] ? new GraphChange(projectId, Number(rows[0].v) - 1) : null;
  }

  /**
   * For creating an item: hands out its number (the counter's row lock queues concurrent creations,
   * so no number is handed out twice) and claims the graph change in the same statement.
   */
  async claimWithNumber(manager: EntityManager, projectId: string): Promise<{ number: number; change: GraphChange }> {
    const rows = returningRows<{ n: number; v: string }>(
      await manager.query(
        `UPDATE backlog_projects SET last_number = last_number + 1, graph_version = graph_version + 1 WHERE project_id = $1 RETURNING last_number AS n, graph_version AS v`,
        [projectId],
      ),
    );
    const row = rows[0];
    if (!row) throw new Error(`Project ${projectId} is not known to the backlog: ProjectKeyReader.ensure must run before creating items`);
    return { number: row.n, change: new GraphChange(projectId, Number(row.v) - 1) };
  }

  /**
   * The committed state at the change's base, for checks inside the claiming transaction: call it
   * before the transaction changes anything, and only read what it returns.
   */
  async stateFor(manager: EntityManager, change: GraphChange): Promise<ProjectGraphState> {
    // With a pool, this transaction may get the project lock before the previous writer's process
    // has seen its own COMMIT answer and published: give that publish a moment before reloading.
    for (let wait = 0; wait < PUBLISH_WAITS && (this.entries.get(change.projectId)?.version ?? change.base) < change.base; wait++) await delay(1);
    const entry = this.entries.get(change.projectId);
    if (entry && entry.version === change.base) return entry.state;
    // Under the project lock nothing else changes these facts: what this loads is the base.
    const loaded = await this.load(manager, change.projectId);
    const state = loaded?.state ?? new ProjectGraphState();
    this.entries.set(change.projectId, { state, version: change.base });
    return state;
  }

  /** After the commit of `change`'s transaction (never before, never after a failed one). */
  publish(change: GraphChange | null | undefined): void {
    if (!change) return;
    const entry = this.entries.get(change.projectId);
    if (!entry) return;
    if (entry.version === change.base) {
      change.applyTo(entry.state);
      entry.version = change.base + 1;
    } else if (entry.version < change.base) {
      // Behind: a change was not applied (it was published late or not at all). Load again on next use.
      this.entries.delete(change.projectId);
    }
    // Ahead: a later snapshot already holds this change.
  }

  /** The cached snapshot when there is one (readers check its label against the database). */
  peek(projectId: string): GraphSnapshot | undefined {
    return this.entries.get(projectId);
  }

  /**
   * A reader's fresh path: in one REPEATABLE READ snapshot, `before` reads what it needs, the
   * project's facts are loaded, kept in the cache (unless it has moved past them) and handed to
   * `compute` in the same synchronous step (so no published change can slip in between), and
   * `after` reads the rest. Every read sees the same committed version. The snapshot is null for
   * a project the backlog does not know.
   */
  async withFreshState<A, B, T>(
    projectId: string,
    before: (manager: EntityManager) => Promise<A>,
    compute: (snapshot: GraphSnapshot | null, read: A) => B,
    after: (manager: EntityManager, computed: B) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const read = await before(manager);
      const loaded = await this.load(manager, projectId);
      if (loaded) {
        const current = this.entries.get(projectId);
        if (!current || current.version < loaded.version) this.entries.set(projectId, loaded);
      }
      return after(manager, compute(loaded, read));
    });
  }

  /** The project's facts as committed (as the transaction sees them); null for an unknown project. */
  async load(manager: EntityManager, projectId: string): Promise<GraphSnapshot | null> {
    const versions: Array<{ v: string; key: string }> = await manager.query(`SELECT graph_version AS v, key FROM backlog_projects WHERE project_id = $1`, [projectId]);
    if (!versions[0]) return null;
    const state = new ProjectGraphState(versions[0].key);
    const items: ItemRow[] = await manager.query(`SELECT id, number, track, kind, state, estimate FROM backlog_items WHERE project_id = $1`, [projectId]);
    for (const r of items) state.putItem({ id: r.id, number: r.number, track: r.track, kind: r.kind, state: r.state, estimate: r.estimate });
    const links: LinkRow[] = await manager.query(
      `SELECT id, from_item_id, to_item_id, type, (extract(epoch FROM created_at) * 1000000)::bigint AS at
         FROM backlog_links WHERE project_id = $1 AND removed_at IS NULL ORDER BY created_at, id`,
      [projectId],
    );
    // In creation order: the state numbers links as they come (the view lists them in that order).
    for (const r of links) state.addLink({ id: r.id, from: r.from_item_id, to: r.to_item_id, type: r.type, createdAtMicros: Number(r.at) });
    const scales: Array<{ track: Track; estimate_scale: EstimateScale }> = await manager.query(
      `SELECT track, estimate_scale FROM backlog_track_settings WHERE project_id = $1`,
      [projectId],
    );
    for (const r of scales) state.setScale(r.track, r.estimate_scale);
    return { state, version: Number(versions[0].v) };
  }
}

interface ItemRow {
  id: string;
  number: number;
  track: Track;
  kind: ItemKind;
  state: ItemState;
  estimate: string | null;
}

interface LinkRow {
  id: string;
  from_item_id: string;
  to_item_id: string;
  type: LinkType;
  at: string;
}
