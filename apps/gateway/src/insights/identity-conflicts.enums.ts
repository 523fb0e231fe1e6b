import { registerEnumType } from '@nestjs/graphql';
import { IDENTITY_CONFLICT_REASONS, type IdentityConflictReason } from '@fulcrum/contracts';
import { sameNameEnum } from './insight-common.enums';

export const IdentityConflictReasonEnum = sameNameEnum<IdentityConflictReason>(IDENTITY_CONFLICT_REASONS);
registerEnumType(IdentityConflictReasonEnum, {
  name: 'IdentityConflictReason',
  description: 'Why an identity link was refused (the same merges PostHog refuses).',
  valuesMap: {
    ALREADY_MERGED: { description: 'The source id was already merged into another person; it is not moved.' },
    BOTH_IDENTIFIED: { description: 'The source id is itself identified (a user id of an identify call, or a merge target); two identified persons are not merged.' },
  },
});
