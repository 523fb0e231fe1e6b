import { Module } from '@nestjs/common';
import { ProjectTimeZoneLookup } from './project-time-zone.lookup';
import { ProjectsResolver } from './projects.resolver';

/** Projects over GraphQL (owned by ingest); exports the time zone lookup the insights use. */
@Module({ providers: [ProjectsResolver, ProjectTimeZoneLookup], exports: [ProjectTimeZoneLookup] })
export class ProjectsModule {}
