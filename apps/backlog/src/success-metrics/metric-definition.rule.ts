import { DomainError, SUCCESS_METRIC_LIMITS, type SuccessMetricDefinition } from '@fulcrum/contracts';
import { statisticRefusal } from './metric-statistic.registry';
import { RELATIVE_COMPARATORS } from './metric-window.planner';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What the schema cannot say about a definition: the statistic reads this insight (and its step,
 * series or period exists), windows run forwards, a baseline goes with a relative comparator, a
 * relative target is not negative, and the time zone exists. Throws VALIDATION_FAILED naming the
 * field; an accepted definition can always be planned and its statistic always extracted.
 */
export function assertValidDefinition(definition: SuccessMetricDefinition): void {
  const refusal = statisticRefusal(definition.statistic, definition.insight);
  if (refusal) invalid('definition.statistic', `The statistic does not fit the insight: ${refusal}.`);

  const { window } = definition;
  if (window.anchor === 'FIXED') {
    const length = Date.parse(window.to) - Date.parse(window.from);
    if (!(length > 0)) invalid('definition.window', 'The window must end after it starts.');
    if (length > SUCCESS_METRIC_LIMITS.maxWindowDays * DAY_MS) invalid('definition.window', `The window may last at most ${SUCCESS_METRIC_LIMITS.maxWindowDays} days.`);
  }

  const relative = RELATIVE_COMPARATORS.has(definition.comparator);
  if (definition.baseline) {
    if (!relative) invalid('definition.baseline', `A baseline goes with INCREASE_BY_PERCENT or DECREASE_BY_PERCENT, not ${definition.comparator}.`);
    if (!(Date.parse(definition.baseline.to) > Date.parse(definition.baseline.from))) invalid('definition.baseline', 'The baseline must end after it starts.');
  }
  if (relative && definition.target < 0) invalid('definition.target', 'A relative target is a percentage of at least 0 (the comparator says the direction).');

  const timeZone = definition.timeZone ?? 'UTC';
  if (!isTimeZone(timeZone)) invalid('definition.timeZone', `Unknown time zone ${JSON.stringify(timeZone)}.`);
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function invalid(field: string, message: string): never {
  throw new DomainError('VALIDATION_FAILED', message, { field });
}
