import { Module } from '@nestjs/common';
import { ProjectTimeZoneLookup } from './project-time-zone.lookup';
import { ProjectsResolver } from './projects.resolver';
import { WriteKeysResolver } from './write-keys.resolver';

export const PROJECTS_RESOLVERS = [ProjectsResolver, WriteKeysResolver];

/**
 * Projects and their write keys over GraphQL (owned by ingest); exports the time zone lookup the
 * insights use. Who may call what: auth/authorization.matrix.ts.
 */
@Module({ providers: [...PROJECTS_RESOLVERS, ProjectTimeZoneLookup], exports: [ProjectTimeZoneLookup] })
export class ProjectsModule {}
