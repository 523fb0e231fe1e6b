import { DomainError, type FairnessReportRequest } from '@fulcrum/contracts';
import type { FairnessReportInput, GroupMemberInput } from './fairness.input';
import { toIsoInstant } from './iso-instant';

export function toFairnessReportRequest(input: FairnessReportInput): FairnessReportRequest {
  return {
    projectId: input.projectId,
    modelVersionId: input.modelVersionId,
    attributes: [...input.attributes],
    positiveOutcome: input.positiveOutcome,
    positiveGroundTruth: input.positiveGroundTruth,
    favorableOutcome: input.favorableOutcome,
    referenceGroup: input.referenceGroup ? toReferenceGroup(input.referenceGroup) : null,
    from: input.from ? toIsoInstant(input.from, 'from') : null,
    to: input.to ? toIsoInstant(input.to, 'to') : null,
    minGroupSize: input.minGroupSize ?? null,
  };
}

/** `[{ attribute, value }]` → `{ attribute: value }`; an attribute named twice is ambiguous and refused. */
export function toReferenceGroup(members: readonly GroupMemberInput[]): Record<string, string | null> {
  const group: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
  for (const { attribute, value } of members) {
    if (Object.prototype.hasOwnProperty.call(group, attribute)) {
      throw new DomainError('VALIDATION_FAILED', `referenceGroup names the attribute "${attribute}" more than once.`, {
        field: 'referenceGroup',
        attribute,
      });
    }
    group[attribute] = value ?? null;
  }
  return { ...group };
}
