import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('projects')
export class ProjectEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** IANA time zone of the project's calendar buckets (insights). */
  @Column('text', { name: 'time_zone', default: 'UTC' })
  timeZone: string;

  /** Short, immutable, unique, upper-case (see project-key.deriver.ts). */
  @Column('text')
  key: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
