import { AUTH_RESOLVERS } from '../auth/auth.module';
import { BACKLOG_RESOLVERS } from '../backlog/backlog.module';
import { EventCatalogResolver } from '../catalog/event-catalog.resolver';
import { GOVERNANCE_RESOLVERS } from '../governance/governance.module';
import { INSIGHTS_RESOLVERS } from '../insights/insights.module';
import { PEOPLE_RESOLVERS } from '../people/people.module';
import { PERSONS_RESOLVERS } from '../persons/persons.module';
import { PROJECTS_RESOLVERS } from '../projects/projects.module';
import { TRACKING_PLAN_RESOLVERS } from '../tracking-plan/tracking-plan.module';

/** Every resolver of the gateway: the schema printer builds the committed schema.gql from these. */
export const GATEWAY_RESOLVERS = [...AUTH_RESOLVERS, ...PEOPLE_RESOLVERS, EventCatalogResolver, ...PROJECTS_RESOLVERS, ...GOVERNANCE_RESOLVERS, ...INSIGHTS_RESOLVERS, ...PERSONS_RESOLVERS, ...BACKLOG_RESOLVERS, ...TRACKING_PLAN_RESOLVERS];
