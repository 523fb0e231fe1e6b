import { Module } from '@nestjs/common';
import { BacklogProjectsRepository } from './backlog-projects.repository';
import { ProjectKeyReader } from './project-key.reader';

/** Projects as the backlog knows them: their immutable keys (from ingest) and item counters. */
@Module({
  providers: [BacklogProjectsRepository, ProjectKeyReader],
  exports: [BacklogProjectsRepository, ProjectKeyReader],
})
export class ProjectsModule {}
