import { registerEnumType } from '@nestjs/graphql';
import {
  INSIGHT_KINDS,
  INTERVALS,
  type InsightKind,
  type Interval,
  PROPERTY_FILTER_OPERATORS,
  PROPERTY_FILTER_TYPES,
  type PropertyFilterOperator,
  type PropertyFilterType,
} from '@fulcrum/contracts';

/** A GraphQL enum whose names are its values (the contract values are already upper case). */
export function sameNameEnum<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

/**
 * A GraphQL enum named in upper case over lower-case contract values: GraphQL shows `IS_SET`, the
 * resolver receives (and the contract carries) `is_set`, and a reply's `is_set` is shown as `IS_SET`.
 */
export function upperCaseEnum<T extends string>(values: readonly T[]): { [K in Uppercase<T>]: T } {
  return Object.fromEntries(values.map((v) => [v.toUpperCase(), v])) as { [K in Uppercase<T>]: T };
}

export const IntervalEnum = sameNameEnum<Interval>(INTERVALS);
registerEnumType(IntervalEnum, {
  name: 'Interval',
  description: 'Calendar bucket of a time series, in the project time zone.',
  valuesMap: {
    HOUR: { description: 'One hour.' },
    DAY: { description: 'One calendar day.' },
    WEEK: { description: 'One ISO week, starting on Monday.' },
    MONTH: { description: 'One calendar month.' },
  },
});

export const PropertyFilterOperatorEnum = upperCaseEnum<PropertyFilterOperator>(PROPERTY_FILTER_OPERATORS);
registerEnumType(PropertyFilterOperatorEnum, {
  name: 'PropertyFilterOperator',
  description: 'How a property filter compares (docs/metrics.md "Filters").',
  valuesMap: {
    EQ: { description: 'Equal: a string value compares with the text form of the property, a number numerically, a boolean with a JSON boolean.' },
    NEQ: { description: 'Not equal (same comparison as EQ); also matches events without the property.' },
    IN: { description: 'Equal to one of the values of a list (1 to 100 values), each compared as with EQ.' },
    CONTAINS: { description: 'Case-insensitive substring of the text form of the property (string value).' },
    GT: { description: 'Numerically greater than the value (a number); a missing or non-numeric property never matches.' },
    LT: { description: 'Numerically less than the value (a number); a missing or non-numeric property never matches.' },
    IS_SET: { description: 'The property is present with a non-null value (no value is given).' },
    IS_NOT_SET: { description: 'The property is absent or null (no value is given).' },
  },
});

export const PropertyFilterTypeEnum = upperCaseEnum<PropertyFilterType>(PROPERTY_FILTER_TYPES);
registerEnumType(PropertyFilterTypeEnum, {
  name: 'PropertyFilterType',
  description: 'Whose properties a filter looks at.',
  valuesMap: {
    EVENT: { description: "The event's own properties (the default)." },
    PERSON: { description: "The person's properties as of the data version." },
  },
});

export const InsightKindEnum = sameNameEnum<InsightKind>(INSIGHT_KINDS);
registerEnumType(InsightKindEnum, {
  name: 'InsightKind',
  description: 'Which insight an analysis saves.',
  valuesMap: {
    TREND: { description: 'A trend (query `trend`).' },
    FUNNEL: { description: 'A funnel (query `funnel`).' },
    RETENTION: { description: 'A retention table (query `retention`).' },
    STICKINESS: { description: 'Stickiness (query `stickiness`).' },
    LIFECYCLE: { description: 'Lifecycle (query `lifecycle`).' },
    PATHS: { description: 'Paths (query `paths`).' },
    PROPERTY_CATALOG: { description: 'A property catalog (query `propertyCatalog`).' },
  },
});
