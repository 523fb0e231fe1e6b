import { join } from 'node:path';
import { Column, DataSource, Entity, type MigrationInterface, PrimaryColumn, type QueryRunner } from 'typeorm';
import { type DatabaseKind, databaseKinds, makeTempDir, startTestDatabase } from '@fulcrum/testing';
import { buildDataSourceOptions, startEmbeddedPostgres } from '../src/index';

@Entity('widgets')
class WidgetEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  displayName: string;
}

class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE widgets (id uuid PRIMARY KEY, display_name text NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE widgets`);
  }
}

const spec = { entities: [WidgetEntity], migrations: [CreateWidgets1700000000000] };

describe.each(databaseKinds())('persistence on %s', (kind: DatabaseKind) => {
  it('runs migrations once, maps names to snake_case, and binds values as parameters', async () => {
    const db = await startTestDatabase(kind);
    const ds = new DataSource(buildDataSourceOptions(db, spec));
    try {
      await ds.initialize();
      await ds.runMigrations(); // a second run applies nothing
      const repo = ds.getRepository(WidgetEntity);
      const hostile = "x'); DROP TABLE widgets; --";
      await repo.insert({ id: '6f1c1a52-9b8f-4e55-9a37-111111111111', displayName: hostile });
      const rows = await ds.query(`SELECT id, display_name FROM widgets`);
      expect(rows).toEqual([{ id: '6f1c1a52-9b8f-4e55-9a37-111111111111', display_name: hostile }]);
      expect(await ds.query(`SELECT count(*)::int AS n FROM migrations`)).toEqual([{ n: 1 }]);
    } finally {
      if (ds.isInitialized) await ds.destroy();
      await db.stop();
    }
  });
});

describe('embedded PostgreSQL on disk', () => {
  it('keeps data across a restart of the embedded server', async () => {
    const dir = makeTempDir();
    const dataDir = join(dir.path, 'pg');
    try {
      const first = await startEmbeddedPostgres(dataDir);
      const ds1 = new DataSource(buildDataSourceOptions({ url: first.url, embedded: true, stop: first.stop }, spec));
      await ds1.initialize();
      await ds1.getRepository(WidgetEntity).insert({ id: '6f1c1a52-9b8f-4e55-9a37-222222222222', displayName: 'kept' });
      await ds1.destroy();
      await first.stop();

      const second = await startEmbeddedPostgres(dataDir);
      const ds2 = new DataSource(buildDataSourceOptions({ url: second.url, embedded: true, stop: second.stop }, spec));
      await ds2.initialize();
      expect(await ds2.getRepository(WidgetEntity).find()).toEqual([{ id: '6f1c1a52-9b8f-4e55-9a37-222222222222', displayName: 'kept' }]);
      await ds2.destroy();
      await second.stop();
    } finally {
      dir.remove();
    }
  });
});
