import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Write keys are public by design (they ship inside browsers and apps), so they are stored as
 * given; a project may hold several (rotation), a revoked key stops authenticating.
 */
@Entity('write_keys')
export class WriteKeyEntity {
  @PrimaryColumn('text')
  key: string;

  @Column('uuid')
  projectId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
