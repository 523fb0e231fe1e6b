import { ApiTokensResolver } from '../auth/api-tokens.resolver';
import { EventCatalogResolver } from '../catalog/event-catalog.resolver';
import { GOVERNANCE_RESOLVERS } from '../governance/governance.module';
import { INSIGHTS_RESOLVERS } from '../insights/insights.module';
import { PERSONS_RESOLVERS } from '../persons/persons.module';
import { ProjectsResolver } from '../projects/projects.resolver';

/** Every resolver of the gateway: the schema printer builds the committed schema.gql from these. */
export const GATEWAY_RESOLVERS = [ApiTokensResolver, EventCatalogResolver, ProjectsResolver, ...GOVERNANCE_RESOLVERS, ...INSIGHTS_RESOLVERS, ...PERSONS_RESOLVERS];
