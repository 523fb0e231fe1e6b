import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, QueryFailedError } from 'typeorm';
import { AliasMoveEntity } from './alias-move.entity';
import { AliasEntity } from './alias.entity';
import { ModelVersionEntity } from './model-version.entity';
import { ModelEntity } from './model.entity';
import type { ModelAggregate } from './registry.mapper';

/**
 * Registry tables. Every method takes the EntityManager to run on: the transaction's inside a
 * transaction (on PGlite the pool has one connection), `reader` outside.
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

  async modelNameTaken(manager: EntityManager, name: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM models WHERE lower(name) = lower($1)', [name]);
    return rows.length > 0;
  }

  async insertModel(manager: EntityManager, model: ModelEntity): Promise<void> {
    await manager.getRepository(ModelEntity).insert(model);
  }

  findModel(manager: EntityManager, id: string): Promise<ModelEntity | null> {
    return manager.getRepository(ModelEntity).findOneBy({ id });
  }

  /** Locks the model row until the transaction ends (serialises version numbering and alias moves). */
  lockModel(manager: EntityManager, id: string): Promise<ModelEntity | null> {
    return manager.getRepository(ModelEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
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

  findVersion(manager: EntityManager, id: string): Promise<ModelVersionEntity | null> {
    return manager.getRepository(ModelVersionEntity).findOneBy({ id });
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

  /** Models with versions, aliases and alias history; all models when `ids` is omitted. */
  async aggregates(manager: EntityManager, ids?: readonly string[]): Promise<ModelAggregate[]> {
    const where = ids === undefined ? {} : { id: In([...ids]) };
    const models = await manager.getRepository(ModelEntity).find({ where, order: { createdAt: 'ASC', name: 'ASC' } });
    if (models.length === 0) return [];
    const byModel = ids === undefined ? {} : { modelId: In(models.map((m) => m.id)) };
    const [versions, aliases, moves] = [
      await manager.getRepository(ModelVersionEntity).find({ where: byModel, order: { version: 'ASC' } }),
      await manager.getRepository(AliasEntity).find({ where: byModel, order: { alias: 'ASC' } }),
      await manager.getRepository(AliasMoveEntity).find({ where: byModel, order: { auditSeq: 'ASC' } }),
    ];
    return models.map((model) => ({
      model,
      versions: versions.filter((v) => v.modelId === model.id),
      aliases: aliases.filter((a) => a.modelId === model.id),
      moves: moves.filter((m) => m.modelId === model.id),
    }));
  }
}

/** PostgreSQL unique_violation (e.g. two registrations of one model name racing). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}
