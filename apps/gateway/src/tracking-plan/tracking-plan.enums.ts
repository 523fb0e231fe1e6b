import { registerEnumType } from '@nestjs/graphql';
import {
  EVENT_DEFINITION_STATUSES,
  type EventDefinitionStatus,
  PII_RULES,
  type PiiRule,
  TRACKING_PLAN_CHANGE_KINDS,
  TRACKING_PLAN_MODES,
  type TrackingPlanChangeKind,
  type TrackingPlanMode,
} from '@fulcrum/contracts';
import { sameNameEnum } from '../insights/insight-common.enums';

// The tracking plan's closed vocabularies (libs/contracts/src/tracking-plan) as GraphQL enums.

export const TrackingPlanModeEnum = sameNameEnum<TrackingPlanMode>(TRACKING_PLAN_MODES);
registerEnumType(TrackingPlanModeEnum, {
  name: 'TrackingPlanMode',
  description: "How a project's events are checked against its tracking plan (docs/tracking-plan.md). Either way the sender gets its normal 2xx.",
  valuesMap: {
    OFF: { description: 'Events are not checked.' },
    REPORT: { description: 'Events are checked and stored; violations are recorded.' },
    QUARANTINE: { description: 'Events that violate the plan are kept as failed events instead of entering the insights.' },
  },
});

export const EventDefinitionStatusEnum = sameNameEnum<EventDefinitionStatus>(EVENT_DEFINITION_STATUSES);
registerEnumType(EventDefinitionStatusEnum, {
  name: 'EventDefinitionStatus',
  description: 'Where an event definition is in its life.',
  valuesMap: {
    PLANNED: { description: 'Defined, not yet sent by any release.' },
    LIVE: { description: 'Sent by the product.' },
    DEPRECATED: { description: 'No longer to be sent (a definition is never removed from the plan; it is deprecated instead).' },
  },
});

export const PiiRuleEnum = sameNameEnum<PiiRule>(PII_RULES);
registerEnumType(PiiRuleEnum, {
  name: 'PiiRule',
  description: "What happens to a PII property's value before the event is stored anywhere.",
  valuesMap: {
    DROP: { description: 'The value is removed.' },
    HASH: { description: "The value is replaced by its HMAC-SHA-256 with the project's secret." },
  },
});

export const TrackingPlanChangeKindEnum = sameNameEnum<TrackingPlanChangeKind>(TRACKING_PLAN_CHANGE_KINDS);
registerEnumType(TrackingPlanChangeKindEnum, {
  name: 'TrackingPlanChangeKind',
  description: "What one definition's change is in a publish, computed from the two properties schemas (SchemaVer `MODEL-REVISION-ADDITION`).",
  valuesMap: {
    NEW: { description: 'A definition the previous version did not have (labelled 1-0-0).' },
    NONE: { description: 'The properties schema did not change, or only its annotations did (the SchemaVer stays).' },
    ADDITION: { description: 'Every event valid before stays valid (an optional property added, a constraint loosened): an ADDITION step or bigger.' },
    REVISION: { description: 'Some events valid before may be refused (a type narrowed, a bound tightened): a REVISION step or bigger.' },
    MODEL: { description: 'Every event valid before may be refused (a new required property, a type replaced): a MODEL step.' },
  },
});
