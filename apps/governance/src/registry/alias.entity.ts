import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where an alias of a model points now; its history is in `alias_moves`. */
@Entity('aliases')
export class AliasEntity {
  @PrimaryColumn('uuid')
  modelId: string;

  @PrimaryColumn('text')
  alias: string;

  @Column('uuid')
  versionId: string;

  @Column('timestamptz')
  movedAt: Date;

  @Column('text')
  movedBy: string;
}
