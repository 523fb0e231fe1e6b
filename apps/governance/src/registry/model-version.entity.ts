import { Column, Entity, PrimaryColumn } from 'typeorm';
import type {
  AutomatedDecisionBasis,
  FeatureDto,
  LegalBasis,
  SpecialCategoryGround,
  TrainingDatasetDto,
} from '@fulcrum/contracts';
import { bigintTransformer } from './bigint.transformer';

/** Immutable once inserted (a trigger refuses updates and deletes). */
@Entity('model_versions')
export class ModelVersionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  modelId: string;

  /** 1, 2, 3… per model. */
  @Column('integer')
  version: number;

  @Column('text')
  artifactDigest: string;

  @Column('jsonb')
  trainingDataset: TrainingDatasetDto;

  @Column('jsonb')
  features: FeatureDto[];

  @Column('jsonb')
  purposes: string[];

  @Column('text')
  legalBasis: LegalBasis;

  @Column('text', { nullable: true })
  specialCategoryGround: SpecialCategoryGround | null;

  @Column('boolean')
  solelyAutomatedSignificantDecisions: boolean;

  @Column('text', { nullable: true })
  automatedDecisionBasis: AutomatedDecisionBasis | null;

  @Column('boolean')
  humanReviewAvailable: boolean;

  @Column('integer')
  retentionDays: number;

  @Column('timestamptz')
  createdAt: Date;

  @Column('text')
  createdBy: string;

  /** The audit-trail entry `model-version.registered`. */
  @Column('bigint', { transformer: bigintTransformer })
  auditSeq: number;
}
