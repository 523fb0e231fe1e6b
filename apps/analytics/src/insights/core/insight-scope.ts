/**
 * What an insight is computed over: one project, as of one data version (events and identity links
 * with a stream position ≤ the version), with calendar buckets in one IANA time zone.
 */
export interface InsightScope {
  projectId: string;
  dataVersion: bigint;
  timeZone: string;
}
