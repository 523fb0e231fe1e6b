import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RiskLevel } from '@fulcrum/contracts';
import { bigintTransformer } from './bigint.transformer';

@Entity('models')
export class ModelEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** The project it belongs to; null only for a model from before projects, until it is adopted. */
  @Column('uuid', { nullable: true })
  projectId: string | null;

  /** Unique ignoring case (index on lower(name)). */
  @Column('text')
  name: string;

  @Column('text')
  description: string;

  @Column('text')
  owner: string;

  @Column('text')
  riskLevel: RiskLevel;

  @Column('timestamptz')
  createdAt: Date;

  @Column('text')
  createdBy: string;

  /** The audit-trail entry `model.registered`. */
  @Column('bigint', { transformer: bigintTransformer })
  auditSeq: number;
}
