import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { BacklogItemsResolver } from './backlog-items.resolver';
import { BacklogLinksResolver } from './backlog-links.resolver';
import { BacklogOwnersRule } from './backlog-owners.rule';
import { BacklogTrackSettingsResolver } from './backlog-track-settings.resolver';
import { EvidenceResolver } from './evidence.resolver';
import { SuccessMetricsResolver } from './success-metrics.resolver';

export const BACKLOG_RESOLVERS = [BacklogItemsResolver, BacklogTrackSettingsResolver, BacklogLinksResolver, EvidenceResolver, SuccessMetricsResolver];

/**
 * The shared backlog over GraphQL: items, links and the dependency view, evidence, success metrics.
 * The backlog service does the work over NATS request/reply; who acts travels in the request
 * envelope, never in a payload. The gateway adds what only it knows: owners must be project members
 * (memberships are the gateway's), and the project's time zone for success metrics.
 *
 * Who may call what: auth/authorization.matrix.ts (the backlog block).
 */
@Module({ imports: [ProjectsModule], providers: [...BACKLOG_RESOLVERS, BacklogOwnersRule] })
export class BacklogModule {}
