import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { ProjectEntity } from './project.entity';
import { WriteKeyEntity } from './write-key.entity';

@Injectable()
export class ProjectsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Creates the project and its first write key in one transaction. */
  async createWithWriteKey(project: Pick<ProjectEntity, 'id' | 'name' | 'timeZone'>, writeKey: string): Promise<ProjectEntity> {
    return this.dataSource.transaction(async (em) => {
      const saved = await em.getRepository(ProjectEntity).save(em.getRepository(ProjectEntity).create(project));
      await em.getRepository(WriteKeyEntity).insert({ key: writeKey, projectId: saved.id, revokedAt: null });
      return saved;
    });
  }

  list(): Promise<ProjectEntity[]> {
    return this.dataSource.getRepository(ProjectEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async setTimeZone(id: string, timeZone: string): Promise<void> {
    await this.dataSource.getRepository(ProjectEntity).update({ id }, { timeZone });
  }

  findById(id: string): Promise<ProjectEntity | null> {
    return this.dataSource.getRepository(ProjectEntity).findOneBy({ id });
  }

  /** The project an active (not revoked) write key belongs to. */
  async projectIdForWriteKey(key: string): Promise<string | null> {
    const row = await this.dataSource.getRepository(WriteKeyEntity).findOneBy({ key, revokedAt: IsNull() });
    return row?.projectId ?? null;
  }

  async activeWriteKeys(): Promise<Array<{ key: string; projectId: string }>> {
    const rows = await this.dataSource.getRepository(WriteKeyEntity).findBy({ revokedAt: IsNull() });
    return rows.map((r) => ({ key: r.key, projectId: r.projectId }));
  }
}
