import { CreateApiTokens1763700000000 } from './1763700000000-create-api-tokens.migration';
import { CreatePeople1764000000000 } from './1764000000000-create-people.migration';

/** Every migration of the gateway's database, oldest first (TypeORM runs the ones not applied yet). */
export const GATEWAY_MIGRATIONS = [CreateApiTokens1763700000000, CreatePeople1764000000000];
