import { Module } from '@nestjs/common';
import { PersonErasureResolver } from './person-erasure.resolver';

export const PERSONS_RESOLVERS = [PersonErasureResolver];

/**
 * Persons of the analytics service over GraphQL. Roles (PERSON_ROLES in persons-roles.ts):
 *
 * | operation   | roles             |
 * | ----------- | ----------------- |
 * | erasePerson | COMPLIANCE, ADMIN |
 */
@Module({ providers: PERSONS_RESOLVERS })
export class PersonsModule {}
