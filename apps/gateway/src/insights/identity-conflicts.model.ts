import { Field, ObjectType } from '@nestjs/graphql';
import type { IdentityConflictReason } from '@fulcrum/contracts';
import { Connection, type ConnectionShape } from '../graphql/relay-connection.model';
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

export const IdentityConflictConnection = Connection(IdentityConflict);
export type IdentityConflictConnection = ConnectionShape<IdentityConflict>;
