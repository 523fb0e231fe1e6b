import { Module } from '@nestjs/common';
import { TrackingPlanResolver } from './tracking-plan.resolver';

export const TRACKING_PLAN_RESOLVERS = [TrackingPlanResolver];

/** The tracking plan over GraphQL (owned by ingest). Who may call what: auth/authorization.matrix.ts. */
@Module({ providers: [...TRACKING_PLAN_RESOLVERS] })
export class TrackingPlanModule {}
