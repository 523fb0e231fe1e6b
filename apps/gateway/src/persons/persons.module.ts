import { Module } from '@nestjs/common';
import { PersonErasureResolver } from './person-erasure.resolver';

export const PERSONS_RESOLVERS = [PersonErasureResolver];

/** Persons of the analytics service over GraphQL. Who may call what: auth/authorization.matrix.ts. */
@Module({ providers: PERSONS_RESOLVERS })
export class PersonsModule {}
