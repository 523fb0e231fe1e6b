import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

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
}
