import { computeFairnessReport, type FairnessReport } from '../metrics/fairness-report.calculator';
import type { GroupValue } from '../metrics/group-counts.model';
import { fetchGroupCounts, type GroupCountsQueryInput, type SqlRowsRunner } from './group-counts.query';

/** Issue 3's `FairnessReportInput`: the group-counts query plus the report's own options. */
export interface FairnessReportInput extends GroupCountsQueryInput {
  /** Values of the reference group by attribute; default: the highest favorable rate. */
  referenceGroup?: Readonly<Record<string, GroupValue>>;
  /** Groups below this size are flagged `smallSample` (default 30). */
  minGroupSize?: number;
}

/** One SQL aggregation (per-group counts), then the pure metrics on those counts. */
export async function fetchFairnessReport(run: SqlRowsRunner, input: FairnessReportInput): Promise<FairnessReport> {
  return computeFairnessReport(await fetchGroupCounts(run, input), input);
}
