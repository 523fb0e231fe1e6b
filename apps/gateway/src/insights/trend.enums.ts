import { registerEnumType } from '@nestjs/graphql';
import { TREND_MATHS, type TrendMath } from '@fulcrum/contracts';
import { sameNameEnum } from './insight-common.enums';

export const TrendMathEnum = sameNameEnum<TrendMath>(TREND_MATHS);
registerEnumType(TrendMathEnum, {
  name: 'TrendMath',
  description: 'What a trend series computes per bucket (docs/metrics.md "Trend").',
  valuesMap: {
    TOTAL: { description: 'Matching events (the default).' },
    UNIQUE_PERSONS: { description: 'Distinct persons with a matching event.' },
    DAU: { description: 'Distinct persons with a matching event in the 1 local calendar day ending with the last day of the bucket. Not with the HOUR interval.' },
    WAU: { description: 'Distinct persons with a matching event in the 7 local calendar days ending with the last day of the bucket (never past `to`; looks back before `from`). Not with the HOUR interval.' },
    MAU: { description: 'Distinct persons with a matching event in the 30 local calendar days ending with the last day of the bucket (never past `to`; looks back before `from`). Not with the HOUR interval.' },
    SUM: { description: 'Sum of `mathProperty` over the matching events where it is a JSON number.' },
    AVG: { description: 'Mean of `mathProperty` over the matching events where it is a JSON number.' },
    MIN: { description: 'Least `mathProperty` over the matching events where it is a JSON number.' },
    MAX: { description: 'Greatest `mathProperty` over the matching events where it is a JSON number.' },
    MEDIAN: { description: 'Median of `mathProperty` over the matching events where it is a JSON number.' },
  },
});
