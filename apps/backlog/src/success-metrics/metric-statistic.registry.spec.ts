import fc from 'fast-check';
import type { FunnelReply, FunnelStepResultDto, RetentionReply, TrendReply } from '@fulcrum/contracts';
import { extractStatistic, statisticRefusal } from './metric-statistic.registry';

const envelope = { dataVersion: '7', queryFingerprint: `sha256:${'a'.repeat(64)}`, timeZone: 'UTC' };

function funnel(counts: number[]): FunnelReply {
  const steps: FunnelStepResultDto[] = counts.map((count, index) => ({
    index,
    event: `e${index}`,
    count,
    conversionRateFromFirst: counts[0] ? count / counts[0] : 0,
    conversionRateFromPrevious: index === 0 ? 1 : counts[index - 1] ? count / (counts[index - 1] ?? 1) : 0,
    medianTimeToConvertSeconds: null,
    averageTimeToConvertSeconds: null,
    droppedOff: count - (counts[index + 1] ?? 0),
  }));
  return { ...envelope, steps, breakdowns: [] };
}

function trend(series: Array<{ data: Array<number | null>; total: number | null }>): TrendReply {
  return {
    ...envelope,
    buckets: series[0]?.data.map((_, i) => `2026-03-0${i + 1}T00:00:00`) ?? [],
    series: series.map((s, index) => ({ index, event: 'e', math: 'TOTAL', label: null, breakdown: null, data: s.data, total: s.total, nonNumericEvents: null })),
  };
}

function retention(cohorts: Array<{ size: number; persons: number[] }>): RetentionReply {
  return {
    ...envelope,
    cohorts: cohorts.map((c, i) => ({
      cohort: `2026-03-0${i + 1}T00:00:00`,
      size: c.size,
      values: c.persons.map((persons, period) => ({ period, persons, percentage: c.size ? (persons / c.size) * 100 : 0 })),
    })),
    breakdowns: [],
  };
}

describe('statistic extraction', () => {
  it('reads funnel conversion from step counts as a percentage of step 0', () => {
    const reply = funnel([200, 120, 80]);
    expect(extractStatistic({ kind: 'FUNNEL_LAST_STEP_CONVERSION' }, reply)).toEqual({ value: 40 });
    expect(extractStatistic({ kind: 'FUNNEL_STEP_CONVERSION', step: 1 }, reply)).toEqual({ value: 60 });
  });

  it('has no funnel conversion when nobody entered', () => {
    expect(extractStatistic({ kind: 'FUNNEL_LAST_STEP_CONVERSION' }, funnel([0, 0]))).toEqual({ value: null, reason: 'Nobody entered the funnel (step 0) in the window.' });
  });

  it('reads a trend series’ total, and the mean of its buckets skipping empty ones', () => {
    const reply = trend([
      { data: [1, 2, 3], total: 6 },
      { data: [null, 4, 8], total: 6 },
    ]);
    expect(extractStatistic({ kind: 'TREND_TOTAL' }, reply)).toEqual({ value: 6 });
    expect(extractStatistic({ kind: 'TREND_MEAN_PER_BUCKET', series: 0 }, reply)).toEqual({ value: 2 });
    expect(extractStatistic({ kind: 'TREND_MEAN_PER_BUCKET', series: 1 }, reply)).toEqual({ value: 6 });
    expect(extractStatistic({ kind: 'TREND_TOTAL', series: 1 }, trend([{ data: [], total: 0 }, { data: [null], total: null }]))).toEqual({
      value: null,
      reason: 'The series has no numeric value in the window.',
    });
    expect(extractStatistic({ kind: 'TREND_MEAN_PER_BUCKET' }, trend([{ data: [null, null], total: null }]))).toEqual({
      value: null,
      reason: 'No bucket of the window has a value.',
    });
  });

  it('pools retention of period N over the cohorts that reach it', () => {
    // Cohort 3 (size 10) is too late for period 2 and is left out: (3 + 1) / (10 + 5) = 26.67 %.
    const reply = retention([
      { size: 10, persons: [10, 6, 3] },
      { size: 5, persons: [5, 2, 1] },
      { size: 10, persons: [10, 9] },
    ]);
    expect(extractStatistic({ kind: 'RETENTION_PERIOD_N', period: 2 }, reply)).toEqual({ value: (100 * 4) / 15 });
    expect(extractStatistic({ kind: 'RETENTION_PERIOD_N', period: 1 }, reply)).toEqual({ value: (100 * 17) / 25 });
    expect(extractStatistic({ kind: 'RETENTION_PERIOD_N', period: 2 }, retention([{ size: 0, persons: [0, 0, 0] }, { size: 4, persons: [4] }]))).toEqual({
      value: null,
      reason: 'No cohort of the window reaches period 2 with anyone in it.',
    });
  });

  it('pooled retention equals the brute-force count over persons (property)', () => {
    // Each person: their cohort and whether they came back in period N; cohorts past the window end are cut.
    fc.assert(
      fc.property(
        fc.array(fc.record({ size: fc.nat(30), returnedShare: fc.double({ min: 0, max: 1, noNaN: true }), reaches: fc.boolean() }), { maxLength: 8 }),
        (cohorts) => {
          const shaped = cohorts.map((c) => ({ size: c.size, back: Math.floor(c.size * c.returnedShare), reaches: c.reaches }));
          const reply = retention(shaped.map((c) => ({ size: c.size, persons: c.reaches ? [c.size, c.back] : [c.size] })));
          const eligible = shaped.filter((c) => c.reaches);
          const size = eligible.reduce((n, c) => n + c.size, 0);
          const back = eligible.reduce((n, c) => n + c.back, 0);
          expect(extractStatistic({ kind: 'RETENTION_PERIOD_N', period: 1 }, reply)).toEqual(size === 0 ? expect.objectContaining({ value: null }) : { value: (100 * back) / size });
        },
      ),
    );
  });
});

describe('statistic refusals', () => {
  const funnelInsight = { kind: 'FUNNEL' as const, query: { steps: [{ event: 'a' }, { event: 'b' }, { event: 'c' }] } };
  const trendInsight = { kind: 'TREND' as const, query: { series: [{ event: 'a' }, { event: 'b', math: 'WAU' as const }], interval: 'DAY' as const } };
  const retentionInsight = { kind: 'RETENTION' as const, query: { startEvent: { event: 'a' }, returnEvent: { event: 'a' }, period: 'WEEK' as const, periods: 4 } };

  it('refuses a statistic of another insight kind', () => {
    expect(statisticRefusal({ kind: 'TREND_TOTAL' }, funnelInsight)).toBe('TREND_TOTAL reads a TREND insight, not a FUNNEL');
    expect(statisticRefusal({ kind: 'FUNNEL_LAST_STEP_CONVERSION' }, retentionInsight)).toBe('FUNNEL_LAST_STEP_CONVERSION reads a FUNNEL insight, not a RETENTION');
  });

  it('refuses steps, series and periods the query does not have', () => {
    expect(statisticRefusal({ kind: 'FUNNEL_STEP_CONVERSION', step: 2 }, funnelInsight)).toBeNull();
    expect(statisticRefusal({ kind: 'FUNNEL_STEP_CONVERSION', step: 3 }, funnelInsight)).toBe('step 3 does not exist: the funnel has steps 0 to 2');
    expect(statisticRefusal({ kind: 'TREND_MEAN_PER_BUCKET', series: 2 }, trendInsight)).toBe('series 2 does not exist: the trend has series 0 to 1');
    expect(statisticRefusal({ kind: 'RETENTION_PERIOD_N', period: 3 }, retentionInsight)).toBeNull();
    expect(statisticRefusal({ kind: 'RETENTION_PERIOD_N', period: 4 }, retentionInsight)).toBe('period 4 is not shown: the retention query shows periods 0 to 3');
  });

  it('refuses the total of a rolling active-user series (the trend has none)', () => {
    expect(statisticRefusal({ kind: 'TREND_TOTAL' }, trendInsight)).toBeNull();
    expect(statisticRefusal({ kind: 'TREND_TOTAL', series: 1 }, trendInsight)).toBe('a WAU series has no total over the window: use TREND_MEAN_PER_BUCKET');
    expect(statisticRefusal({ kind: 'TREND_MEAN_PER_BUCKET', series: 1 }, trendInsight)).toBeNull();
  });
});
