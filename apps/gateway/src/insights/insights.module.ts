import { Module } from '@nestjs/common';
import { AnalysesResolver } from './analyses.resolver';
import { FunnelResolver } from './funnel.resolver';
import { IdentityConflictsResolver } from './identity-conflicts.resolver';
import { InsightsResolver } from './insights.resolver';
import { ProjectsModule } from '../projects/projects.module';
import { SqlResolver } from './sql.resolver';

export const INSIGHTS_RESOLVERS = [InsightsResolver, FunnelResolver, SqlResolver, AnalysesResolver, IdentityConflictsResolver];

/**
 * The insight engine over GraphQL; the analytics service computes over NATS request/reply. Every
 * insight is computed in the project's time zone (ProjectTimeZoneLookup, which also turns an
 * unknown project into NOT_FOUND); clients never pass a zone. Explicit nulls in inputs are left
 * out before sending (stripNulls): the contracts accept absent fields, not nulls.
 *
 * Who may call what: auth/authorization.matrix.ts.
 */
@Module({ imports: [ProjectsModule], providers: [...INSIGHTS_RESOLVERS] })
export class InsightsModule {}
