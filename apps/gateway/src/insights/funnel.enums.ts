import { registerEnumType } from '@nestjs/graphql';
import {
  CONVERSION_WINDOW_UNITS,
  type ConversionWindowUnit,
  FUNNEL_ATTRIBUTIONS,
  FUNNEL_ORDERS,
  FUNNEL_PERSON_STATUSES,
  type FunnelAttribution,
  type FunnelOrder,
  type FunnelPersonStatus,
} from '@fulcrum/contracts';
import { sameNameEnum } from './insight-common.enums';

export const FunnelOrderEnum = sameNameEnum<FunnelOrder>(FUNNEL_ORDERS);
registerEnumType(FunnelOrderEnum, {
  name: 'FunnelOrder',
  description: 'How the steps of a funnel must follow each other.',
  valuesMap: {
    ORDERED: { description: 'In the order given; other events may happen in between (the default).' },
    STRICT: { description: 'In the order given and consecutively: no other event of the person (of any name, among those passing the filters) between two steps.' },
    ANY: { description: 'In any order: a person reaches step k when they did k+1 different steps within one window (the step events must then all differ).' },
  },
});

export const FunnelAttributionEnum = sameNameEnum<FunnelAttribution>(FUNNEL_ATTRIBUTIONS);
registerEnumType(FunnelAttributionEnum, {
  name: 'FunnelAttribution',
  description: "Which event gives a person's breakdown value in a funnel.",
  valuesMap: {
    FIRST_TOUCH: { description: "The first step event of the person's counted path (the default)." },
    LAST_TOUCH: { description: 'The last step event of the counted path (the furthest step reached).' },
    ALL_STEPS: { description: 'Every step event of a path must carry the same value: the funnel is computed once per value, so a person can appear under several values.' },
  },
});

export const ConversionWindowUnitEnum = sameNameEnum<ConversionWindowUnit>(CONVERSION_WINDOW_UNITS);
registerEnumType(ConversionWindowUnitEnum, {
  name: 'ConversionWindowUnit',
  description: 'Unit of a conversion window: elapsed time, whatever the daylight-saving changes.',
  valuesMap: {
    MINUTE: { description: '60 seconds.' },
    HOUR: { description: '60 minutes.' },
    DAY: { description: '24 hours.' },
    WEEK: { description: '7 × 24 hours.' },
  },
});

export const FunnelPersonStatusEnum = sameNameEnum<FunnelPersonStatus>(FUNNEL_PERSON_STATUSES);
registerEnumType(FunnelPersonStatusEnum, {
  name: 'FunnelPersonStatus',
  description: 'Which persons of a funnel step to list.',
  valuesMap: {
    DROPPED: { description: 'Those whose furthest step is this one (not for the last step).' },
    REACHED: { description: 'Those whose furthest step is this one or a later one.' },
  },
});
