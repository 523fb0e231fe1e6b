import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, QueryFailedError } from 'typeorm';
import { AliasMoveEntity } from './alias-move.entity';
import { AliasEntity } from './alias.entity';
import { ModelVersionEntity } from './model-version.entity';
import { ModelEntity } from './model.entity';
import type { ModelAggregate } from './registry.mapper';

/** A model's list position: (created, id), the stable order of `models`. */
export interface ModelCursor {
  createdAt: string;
  id: string;
}

/**
 * Registry tables. Every method takes the EntityManager to run on: the transaction's inside a
 * transaction (on PGlite the pool has one connection), `reader` outside.
 *
 * Every lookup is scoped to a project: a model of another project (or one from before projects,
 * not adopted yet) is simply not found, so callers answer it exactly as an id that does not exist.
 */
@Injectable()
export class RegistryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The manager for reads outside a transaction. */
  get reader(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Reads in one snapshot (REPEATABLE READ): a page and its total count agree even while writes commit. */
  snapshot<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', work);
  }

  /**
   * Whether the name is taken in the project, ignoring case. Names of models not adopted into a
   * project yet count as taken everywhere: they will join the installation's first project, and
   * must not collide with a model registered there meanwhile.
   */
  async modelNameTaken(manager: EntityManager, projectId: string, name: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      'SELECT 1 FROM models WHERE (project_id = $1::uuid OR project_id IS NULL) AND lower(name) = lower($2)',
      [projectId, name],
    );
    return rows.length > 0;
  }

  async insertModel(manager: EntityManager, model: ModelEntity): Promise<void> {
    await manager.getRepository(ModelEntity).insert(model);
  }

  findModel(manager: EntityManager, projectId: string, id: string): Promise<ModelEntity | null> {
    return manager.getRepository(ModelEntity).findOneBy({ id, projectId });
  }

  /** Locks the project's model row until the transaction ends (serialises version numbering and alias moves). */
  lockModel(manager: EntityManager, projectId: string, id: string): Promise<ModelEntity | null> {
    return manager.getRepository(ModelEntity).findOne({ where: { id, projectId }, lock: { mode: 'pessimistic_write' } });
  }

  async nextVersionNumber(manager: EntityManager, modelId: string): Promise<number> {
    const rows: Array<{ max: number | null }> = await manager.query('SELECT max(version) AS max FROM model_versions WHERE model_id = $1', [
      modelId,
    ]);
    return (rows[0]?.max ?? 0) + 1;
  }

  async insertVersion(manager: EntityManager, version: ModelVersionEntity): Promise<void> {
    await manager.getRepository(ModelVersionEntity).insert(version);
  }

  /** The version with its model, when the model belongs to the project. */
  async findVersion(manager: EntityManager, projectId: string, id: string): Promise<{ version: ModelVersionEntity; model: ModelEntity } | null> {
    const version = await manager.getRepository(ModelVersionEntity).findOneBy({ id });
    const model = version && (await this.findModel(manager, projectId, version.modelId));
    return version && model ? { version, model } : null;
  }

  /** The project of a version's model; null when the version is unknown or its model has no project yet. */
  async projectOfVersion(manager: EntityManager, versionId: string): Promise<string | null> {
    const rows: Array<{ project_id: string | null }> = await manager.query(
      'SELECT m.project_id::text AS project_id FROM model_versions v JOIN models m ON m.id = v.model_id WHERE v.id = $1::uuid',
      [versionId],
    );
    return rows[0]?.project_id ?? null;
  }

  findAlias(manager: EntityManager, modelId: string, alias: string): Promise<AliasEntity | null> {
    return manager.getRepository(AliasEntity).findOneBy({ modelId, alias });
  }

  aliasesOfVersion(manager: EntityManager, versionId: string): Promise<AliasEntity[]> {
    return manager.getRepository(AliasEntity).find({ where: { versionId }, order: { alias: 'ASC' } });
  }

  async saveAlias(manager: EntityManager, alias: AliasEntity): Promise<void> {
    await manager.getRepository(AliasEntity).upsert(alias, ['modelId', 'alias']);
  }

  async insertMove(manager: EntityManager, move: AliasMoveEntity): Promise<void> {
    await manager.getRepository(AliasMoveEntity).insert(move);
  }

  /** The move that put the alias where it is (the newest one). */
  latestMove(manager: EntityManager, modelId: string, alias: string): Promise<AliasMoveEntity | null> {
    return manager.getRepository(AliasMoveEntity).findOne({ where: { modelId, alias }, order: { auditSeq: 'DESC' } });
  }

  /** At most `limit` models of the project after the cursor, in (created, id) order, and how many the project has. */
  async modelPage(manager: EntityManager, projectId: string, after: ModelCursor | null, limit: number): Promise<{ models: ModelEntity[]; total: number }> {
    const qb = manager.getRepository(ModelEntity).createQueryBuilder('m').where('m.projectId = :projectId', { projectId });
    const total = await qb.getCount();
    if (after) qb.andWhere('(m.createdAt, m.id) > (CAST(:createdAt AS timestamptz), CAST(:id AS uuid))', after);
    const models = await qb.orderBy('m.createdAt', 'ASC').addOrderBy('m.id', 'ASC').take(limit).getMany();
    return { models, total };
  }

  /** At most `limit` versions of the model with a number above `afterVersion`, in number order, and how many it has. */
  async versionPage(manager: EntityManager, modelId: string, afterVersion: number, limit: number): Promise<{ versions: ModelVersionEntity[]; total: number }> {
    const repository = manager.getRepository(ModelVersionEntity);
    const total = await repository.countBy({ modelId });
    const versions = await repository
      .createQueryBuilder('v')
      .where('v.modelId = :modelId AND v.version > :afterVersion', { modelId, afterVersion })
      .orderBy('v.version', 'ASC')
      .take(limit)
      .getMany();
    return { versions, total };
  }

  /** At most `limit` alias moves of the model with a trail seq above `afterSeq`, oldest first, and how many it has. */
  async movePage(manager: EntityManager, modelId: string, afterSeq: number, limit: number): Promise<{ moves: AliasMoveEntity[]; total: number }> {
    const repository = manager.getRepository(AliasMoveEntity);
    const total = await repository.countBy({ modelId });
    const moves = await repository
      .createQueryBuilder('mv')
      .where('mv.modelId = :modelId AND mv.auditSeq > :afterSeq', { modelId, afterSeq })
      .orderBy('mv.auditSeq', 'ASC')
      .take(limit)
      .getMany();
    return { moves, total };
  }

  /** Models with their version counts and current aliases (each with the number of the version it points to). */
  async aggregates(manager: EntityManager, models: readonly ModelEntity[]): Promise<ModelAggregate[]> {
    if (models.length === 0) return [];
    const ids = models.map((m) => m.id);
    const counts: Array<{ model_id: string; n: number }> = await manager.query(
      'SELECT model_id::text AS model_id, count(*)::int AS n FROM model_versions WHERE model_id = ANY($1::uuid[]) GROUP BY model_id',
      [ids],
    );
    const aliases = await manager.getRepository(AliasEntity).find({ where: { modelId: In(ids) }, order: { alias: 'ASC' } });
    const versionIds = [...new Set(aliases.map((a) => a.versionId))];
    const numbers = versionIds.length === 0 ? [] : await manager.getRepository(ModelVersionEntity).find({ select: { id: true, version: true }, where: { id: In(versionIds) } });
    const numberOf = new Map(numbers.map((v) => [v.id, v.version]));
    const countOf = new Map(counts.map((c) => [c.model_id, c.n]));
    return models.map((model) => ({
      model,
      versionCount: countOf.get(model.id) ?? 0,
      aliases: aliases.filter((a) => a.modelId === model.id).map((a) => ({ ...a, version: numberOf.get(a.versionId) ?? 0 })),
    }));
  }

  /** Assigns the models from before projects to `projectId` (their versions, aliases and moves follow); returns how many. */
  async adoptUnscoped(manager: EntityManager, projectId: string): Promise<number> {
    const rows: Array<{ n: number }> = await manager.query(
      `WITH adopted AS (UPDATE models SET project_id = $1::uuid WHERE project_id IS NULL RETURNING 1) SELECT count(*)::int AS n FROM adopted`,
      [projectId],
    );
    return rows[0]?.n ?? 0;
  }
}

/** PostgreSQL unique_violation (e.g. two registrations of one model name racing). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}
