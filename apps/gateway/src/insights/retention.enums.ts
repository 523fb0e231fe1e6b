import { registerEnumType } from '@nestjs/graphql';
import {
  RETENTION_COHORT_TYPES,
  RETENTION_MODES,
  RETENTION_PERIODS,
  type RetentionCohortType,
  type RetentionMode,
  type RetentionPeriod,
} from '@fulcrum/contracts';
import { sameNameEnum } from './insight-common.enums';

export const RetentionPeriodEnum = sameNameEnum<RetentionPeriod>(RETENTION_PERIODS);
registerEnumType(RetentionPeriodEnum, {
  name: 'RetentionPeriod',
  description: 'The period of retention cohorts and offsets, in the project time zone.',
  valuesMap: {
    DAY: { description: 'One calendar day.' },
    WEEK: { description: 'One ISO week, starting on Monday.' },
    MONTH: { description: 'One calendar month.' },
  },
});

export const RetentionCohortTypeEnum = sameNameEnum<RetentionCohortType>(RETENTION_COHORT_TYPES);
registerEnumType(RetentionCohortTypeEnum, {
  name: 'RetentionCohortType',
  description: 'Which start events put a person in a cohort.',
  valuesMap: {
    FIRST_TIME: {
      description:
        'A person belongs to one cohort at most: the period of their first start event ever (as of the data version, all time), if that event lies in the range (the default).',
    },
    RECURRING: { description: 'A person belongs to the cohort of every period of the range in which they did the start event.' },
  },
});

export const RetentionModeEnum = sameNameEnum<RetentionMode>(RETENTION_MODES);
registerEnumType(RetentionModeEnum, {
  name: 'RetentionMode',
  description: 'What period k of a cohort counts.',
  valuesMap: {
    ON: { description: "The cohort's persons who did the return event in period cohort + k exactly (the default)." },
    ON_OR_AFTER: { description: 'Those who did it in period cohort + k or in any later period shown for the cohort (cumulative, "on or after").' },
  },
});
