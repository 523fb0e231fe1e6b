import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from './bigint.transformer';

/** One alias move, append-only. */
@Entity('alias_moves')
export class AliasMoveEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  modelId: string;

  @Column('text')
  alias: string;

  @Column('uuid', { nullable: true })
  fromVersionId: string | null;

  @Column('uuid')
  toVersionId: string;

  @Column('text')
  actor: string;

  @Column('text')
  reason: string;

  @Column('timestamptz')
  at: Date;

  /** Set when the promotion gate was overridden. */
  @Column('text', { nullable: true })
  gateOverrideReason: string | null;

  /** The audit-trail entry `alias.moved`; also orders the history. */
  @Column('bigint', { transformer: bigintTransformer })
  auditSeq: number;
}
