import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A write key of a project. Only its SHA-256 is kept (write-key.secret.ts): the key is shown once,
 * at creation. A project holds several (rotation: create a new key, deploy it, revoke the old one);
 * a revoked key stops authenticating on every ingest replica within 1 s (libs/persistence trust-window.cache.ts).
 */
@Entity('write_keys')
export class WriteKeyEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  projectId: string;

  @Column('text')
  name: string;

  /** `wk_` and the next 8 characters of the key. */
  @Column('text')
  keyPrefix: string;

  /** SHA-256 of the key, lowercase hex (unique). */
  @Column('text')
  keyHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** Best effort: written at most once a minute per key and ingest replica. */
  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
