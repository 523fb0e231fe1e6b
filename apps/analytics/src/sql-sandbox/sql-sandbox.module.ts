import { Module } from '@nestjs/common';
import { DuckDbDatabase } from '../duckdb/duckdb.database';
import { SandboxQueryRunner } from './sandbox-query.runner';
import { SqlController } from './sql.controller';

@Module({
  controllers: [SqlController],
  providers: [{ provide: SandboxQueryRunner, useFactory: (db: DuckDbDatabase) => new SandboxQueryRunner(db), inject: [DuckDbDatabase] }],
})
export class SqlSandboxModule {}
