/** Latency summaries and the side-by-side lines of the backlog benchmark. */
import { percentile, round } from './machine';

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = Float64Array.from(values).sort();
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return {
    n: values.length,
    p50: round(percentile(sorted, 50), 2),
    p95: round(percentile(sorted, 95), 2),
    p99: round(percentile(sorted, 99), 2),
    mean: round(mean, 2),
    max: round(sorted[sorted.length - 1] ?? 0, 2),
  };
}

/** Service and raw figures, the ratio service/raw, and the aim (on the service's p95) met or missed by how much. */
export function printComparison(serviceLabel: string, service: Summary, rawLabel: string, raw: Summary, aimP95Ms: number): void {
  const line = (s: Summary) => `p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, mean ${s.mean.toFixed(2)} ms, max ${s.max.toFixed(2)} ms (n ${s.n})`;
  const verdict = service.p95 <= aimP95Ms ? 'met' : `MISSED by ${(service.p95 - aimP95Ms).toFixed(2)} ms (${(service.p95 / aimP95Ms).toFixed(2)}× the aim)`;
  console.log(`   ${serviceLabel}: ${line(service)}  — aim p95 ≤ ${aimP95Ms} ms: ${verdict}`);
  console.log(`   ${rawLabel}: ${line(raw)}`);
  console.log(`   ratio service/raw: p50 ${(service.p50 / raw.p50).toFixed(2)}×, p95 ${(service.p95 / raw.p95).toFixed(2)}×`);
}

export function agreement(m: { checked: number; disagreements: readonly string[] }): string {
  return m.disagreements.length === 0
    ? `service = raw = reference in ${m.checked} of ${m.checked}`
    : `${m.disagreements.length} of ${m.checked} DISAGREE (first: ${m.disagreements[0]})`;
}
