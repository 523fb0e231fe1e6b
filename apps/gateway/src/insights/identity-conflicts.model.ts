import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { IdentityConflictReason } from '@fulcrum/contracts';
import { IdentityConflictReasonEnum } from './identity-conflicts.enums';

@ObjectType({ description: 'An identity link (identify, alias, merge) the analytics service refused; both ids stay separate persons.' })
export class IdentityConflict {
  @Field({ description: 'The event that asked for the link.' })
  eventId: string;

  @Field({ description: 'The distinct id that was to be merged.' })
  sourceId: string;

  @Field({ description: 'The distinct id it was to be merged into.' })
  targetId: string;

  @Field(() => IdentityConflictReasonEnum, { description: 'Why the link was refused.' })
  reason: IdentityConflictReason;

  @Field({ description: 'ALREADY_MERGED: the person the source id already belongs to; BOTH_IDENTIFIED: the source id itself.' })
  existingPersonId: string;

  @Field({ description: 'When the conflict was recorded (UTC).' })
  recordedAt: Date;
}

@ObjectType({ description: 'A page of identity conflicts.' })
export class IdentityConflictPage {
  @Field(() => Int, { description: 'Conflicts recorded for the project in all.' })
  total: number;

  @Field(() => [IdentityConflict], { description: 'This page.' })
  conflicts: IdentityConflict[];
}
