import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LINK_TYPES } from '../domain/backlog.vocabulary';
import { ordersWork } from '../domain/link-type.catalog';
import { OrderingGraph } from '../domain/ordering.graph';
import { BacklogProjectsRepository } from '../projects/backlog-projects.repository';

/** The link types whose links are edges of the ordering graph (BLOCKS, INSTRUMENTS). */
export const ORDERING_LINK_TYPES: readonly string[] = LINK_TYPES.filter(ordersWork);

interface Entry {
  graph: OrderingGraph;
  /** The project's `ordering_links_version` this graph reflects. */
  version: number;
}

/**
 * Each project's ordering links in memory (an OrderingGraph), so the cycle check of a new link is
 * a search in memory, not thousands of queries. The backlog runs as ONE process (the gateway is
 * the replicated tier), so its own writes keep the graphs current — but correctness never rests
 * on that: every change of a project's ordering links runs under the project row's lock and bumps
 * the project's `ordering_links_version` in the same transaction, and a writer uses the cached
 * graph only when it is at the version read under that lock; otherwise it loads the links again
 * (also in that transaction, so what it loads is exactly what is committed). A writer changes the
 * graph as the last step before its commit and labels it with the version it commits; if the
 * commit fails, the label is ahead of the database and the next user reloads. So a graph whose
 * label equals the database's version is exactly the committed ordering links.
 */
@Injectable()
export class OrderingGraphCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: BacklogProjectsRepository,
  ) {}

  /** The project's graph at `version` (read under the project lock), loading it when the cache is behind or ahead. */
  async lockedGraph(manager: EntityManager, projectId: string, version: number): Promise<OrderingGraph> {
    const entry = this.entries.get(projectId);
    if (entry && entry.version === version) return entry.graph;
    const graph = await this.load(manager, projectId);
    this.entries.set(projectId, { graph, version });
    return graph;
  }

  /**
   * A writer's change of `graph` (the one `lockedGraph` gave it), labelled with the version it is
   * about to commit. The label moves first, in the same synchronous step as the change, so a graph
   * is never changed under a label the database already has; call it as the transaction's last
   * step.
   */
  record(projectId: string, graph: OrderingGraph, version: number, change: (graph: OrderingGraph) => void): void {
    this.entries.set(projectId, { graph, version });
    change(graph);
  }

  /** Forgets a project's graph (a writer's transaction failed after it changed the graph). */
  invalidate(projectId: string): void {
    this.entries.delete(projectId);
  }

  /**
   * For readers (the dependency view): the cached graph when it is at the committed version, else
   * a fresh load from one consistent snapshot. Readers never lock; a writer in flight may already
   * have added its edge to the cached graph, which a view may show a moment early.
   */
  async readGraph(projectId: string): Promise<OrderingGraph> {
    const version = await this.projects.orderingLinksVersion(projectId);
    if (version === null) return new OrderingGraph();
    const entry = this.entries.get(projectId);
    if (entry && entry.version === version) return entry.graph;
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const rows: Array<{ v: string }> = await manager.query(`SELECT ordering_links_version AS v FROM backlog_projects WHERE project_id = $1`, [projectId]);
      const snapshotVersion = Number(rows[0]?.v ?? 0);
      const graph = await this.load(manager, projectId);
      // Keep it unless a writer has moved the cache on meanwhile.
      const current = this.entries.get(projectId);
      if (!current || current.version < snapshotVersion) this.entries.set(projectId, { graph, version: snapshotVersion });
      return graph;
    });
  }

  private async load(manager: EntityManager, projectId: string): Promise<OrderingGraph> {
    const rows: Array<{ from_item_id: string; to_item_id: string }> = await manager.query(
      `SELECT from_item_id, to_item_id FROM backlog_links WHERE project_id = $1 AND removed_at IS NULL AND type = ANY($2::text[])`,
      [projectId, ORDERING_LINK_TYPES],
    );
    const graph = new OrderingGraph();
    for (const row of rows) graph.addEdge(row.from_item_id, row.to_item_id);
    return graph;
  }
}
