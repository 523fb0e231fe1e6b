import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { returningRows } from '../infrastructure/returning-rows';

/** `backlog_projects`: the projects the backlog has items of, with their key and number counter. */
@Injectable()
export class BacklogProjectsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async keyOf(projectId: string): Promise<string | null> {
    const rows: Array<{ key: string }> = await this.dataSource.query(`SELECT key FROM backlog_projects WHERE project_id = $1`, [projectId]);
    return rows[0]?.key ?? null;
  }

  /** Remembers a project's key (immutable, so a second writer writes the same and is ignored). */
  async remember(projectId: string, key: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO backlog_projects (project_id, key, created_at) VALUES ($1, $2, now()) ON CONFLICT (project_id) DO NOTHING`,
      [projectId, key],
    );
  }

  /**
   * The next item number of the project. The row lock of the UPDATE is held to the end of the
   * caller's transaction, so concurrent creations queue here and no number is handed out twice
   * (a rolled-back creation leaves a gap, which keys tolerate).
   */
  async nextNumber(manager: EntityManager, projectId: string): Promise<number> {
    const rows = returningRows<{ last_number: number }>(
      await manager.query(
        `UPDATE backlog_projects SET last_number = last_number + 1 WHERE project_id = $1 RETURNING last_number`,
        [projectId],
      ),
    );
    const row = rows[0];
    if (!row) throw new Error(`Project ${projectId} is not known to the backlog: ProjectKeyReader.keyOf must run before creating items`);
    return row.last_number;
  }

  /**
   * Serialises changes of a project's ordering links (see OrderingGraphCache): the project row's
   * lock, held to the end of the transaction. Returns the project's ordering-links version, or
   * null when the backlog does not know the project (it has no items).
   */
  async lockOrderingLinks(manager: EntityManager, projectId: string): Promise<number | null> {
    const rows: Array<{ v: string }> = await manager.query(`SELECT ordering_links_version AS v FROM backlog_projects WHERE project_id = $1 FOR UPDATE`, [projectId]);
    return rows[0] ? Number(rows[0].v) : null;
  }

  /** Records a change of the project's ordering links (under `lockOrderingLinks`); returns the new version. */
  async bumpOrderingLinks(manager: EntityManager, projectId: string): Promise<number> {
    const rows = returningRows<{ v: string }>(
      await manager.query(`UPDATE backlog_projects SET ordering_links_version = ordering_links_version + 1 WHERE project_id = $1 RETURNING ordering_links_version AS v`, [projectId]),
    );
    return Number(rows[0]?.v);
  }

  /** The version without a lock (readers: a graph at this version is current enough to read). */
  async orderingLinksVersion(projectId: string): Promise<number | null> {
    const rows: Array<{ v: string }> = await this.dataSource.query(`SELECT ordering_links_version AS v FROM backlog_projects WHERE project_id = $1`, [projectId]);
    return rows[0] ? Number(rows[0].v) : null;
  }
}
