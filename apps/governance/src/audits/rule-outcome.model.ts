import type { FindingStatus } from '@fulcrum/contracts';

/** What a rule check decides; the catalog adds the rule's id, title and citation to make a FindingDto. */
export interface RuleOutcome {
  status: FindingStatus;
  /** One sentence a reviewer can read. */
  summary: string;
  /** The numbers and rows the status rests on (plain JSON). */
  evidence: Record<string, unknown>;
}
