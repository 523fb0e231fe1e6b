import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { ApiTokenEntity } from './api-token.entity';
import type { Role } from './role';

@Injectable()
export class ApiTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findActiveByHash(tokenHash: string): Promise<ApiTokenEntity | null> {
    return this.dataSource.getRepository(ApiTokenEntity).findOneBy({ tokenHash, revokedAt: IsNull() });
  }

  async insert(name: string, tokenHash: string, role: Role): Promise<ApiTokenEntity> {
    const repo = this.dataSource.getRepository(ApiTokenEntity);
    return repo.save(repo.create({ id: randomUUID(), name, tokenHash, role, revokedAt: null }));
  }

  /** Inserts unless a token with this hash exists (idempotent bootstrap). */
  async insertIfAbsent(name: string, tokenHash: string, role: Role): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ApiTokenEntity)
      .values({ id: randomUUID(), name, tokenHash, role, revokedAt: null })
      .orIgnore()
      .execute();
  }
}
