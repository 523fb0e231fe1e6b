import { Module } from '@nestjs/common';
import { IdentityConflictsController } from './identity-conflicts.controller';

@Module({ controllers: [IdentityConflictsController] })
export class PersonsModule {}
