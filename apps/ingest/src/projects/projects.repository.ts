import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProjectEntity } from './project.entity';
import type { IssuedWriteKey } from './write-key.secret';
import { WriteKeysRepository } from './write-keys.repository';

@Injectable()
export class ProjectsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writeKeys: WriteKeysRepository,
  ) {}

  /** Creates the project and its first write key in one transaction. */
  async createWithWriteKey(
    project: Pick<ProjectEntity, 'id' | 'name' | 'timeZone' | 'key'>,
    firstKey: { id: string; name: string; issued: IssuedWriteKey },
  ): Promise<ProjectEntity> {
    return this.dataSource.transaction(async (em) => {
      const saved = await em.getRepository(ProjectEntity).save(em.getRepository(ProjectEntity).create(project));
      await this.writeKeys.insert({ ...firstKey, projectId: saved.id }, em);
      return saved;
    });
  }

  /**
   * Up to `limit` projects after a (createdAt, id) key, oldest first, optionally only `projectIds`;
   * `createdKey` is created_at as text in full (microsecond) precision, for cursors.
   */
  async page(
    limit: number,
    after: { createdAt: string; id: string } | undefined,
    projectIds: readonly string[] | undefined,
  ): Promise<{ rows: Array<{ entity: ProjectEntity; createdKey: string }>; totalCount: number }> {
    const ids = projectIds === undefined ? null : [...projectIds];
    const raw = (await this.dataSource.query(
      `SELECT id, name, time_zone, key, created_at, created_at::text AS created_key FROM projects
       WHERE ($1::uuid[] IS NULL OR id = ANY($1::uuid[]))
         AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
       ORDER BY created_at, id LIMIT $4`,
      [ids, after?.createdAt ?? null, after?.id ?? null, limit],
    )) as Array<{ id: string; name: string; time_zone: string; key: string; created_at: Date; created_key: string }>;
    const [{ count }] = (await this.dataSource.query(`SELECT count(*)::int AS count FROM projects WHERE ($1::uuid[] IS NULL OR id = ANY($1::uuid[]))`, [
      ids,
    ])) as Array<{ count: number }>;
    const rows = raw.map((r) => ({ entity: Object.assign(new ProjectEntity(), { id: r.id, name: r.name, timeZone: r.time_zone, key: r.key, createdAt: r.created_at }), createdKey: r.created_key }));
    return { rows, totalCount: count };
  }

  async setTimeZone(id: string, timeZone: string): Promise<void> {
    await this.dataSource.getRepository(ProjectEntity).update({ id }, { timeZone });
  }

  /** Which of these keys are taken (upper-case). */
  async takenKeys(candidates: readonly string[]): Promise<Set<string>> {
    const rows = (await this.dataSource.query(`SELECT key FROM projects WHERE key = ANY($1::text[])`, [[...candidates]])) as Array<{ key: string }>;
    return new Set(rows.map((r) => r.key));
  }

  findById(id: string): Promise<ProjectEntity | null> {
    return this.dataSource.getRepository(ProjectEntity).findOneBy({ id });
  }
}
