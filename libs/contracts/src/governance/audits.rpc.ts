import type { AuditOutcome, FindingStatus } from './governance.enums';
import type { Page, PageRequest } from '../pagination/page';
import type { ProjectScoped } from './model-registry.rpc';

export interface RuleDto {
  id: string;
  title: string;
  /** Legal or regulatory source, e.g. "29 CFR 1607.4(D)". */
  citation: string;
  /** What the machine check verifies, in one or two sentences. */
  checks: string;
}
export type ListRulesRequest = Record<string, never>;
export interface ListRulesReply {
  rules: RuleDto[];
}

export interface FindingDto {
  ruleId: string;
  title: string;
  citation: string;
  status: FindingStatus;
  /** One sentence a reviewer can read. */
  summary: string;
  /** The numbers and rows the status rests on (JSON object). */
  evidence: Record<string, unknown>;
}

export interface AuditDto {
  id: string;
  modelVersionId: string;
  /** `[from, to)` of the decisions examined (ISO-8601). */
  from: string;
  to: string;
  rules: string[];
  outcome: AuditOutcome;
  findings: FindingDto[];
  ranAt: string;
  /** The actor id of whoever ran it. */
  ranBy: string;
  auditSeq: number;
}

export interface RunAuditRequest extends ProjectScoped {
  modelVersionId: string;
  from: string;
  to: string;
  /** Rule ids; default all. */
  rules?: string[] | null;
  /**
   * The outcome label favorable to the subject, for the selection-rate rules (four-fifths, LL144).
   * When absent the audit infers it: the one outcome label in range that is a known favorable word.
   */
  favorableOutcome?: string | null;
  /**
   * NYC LL144 bias audit: leave categories with under 2% of the decisions out of the impact ratios
   * (6 RCNY § 5-301(d)); they are still disclosed, with this justification. Default: include all.
   */
  ll144ExcludeUnder2Percent?: { justification?: string | null } | null;
}
export interface RunAuditReply {
  audit: AuditDto;
}

/** The project's audits (only one version's when modelVersionId is given), newest first (ranAt, then id). */
export interface ListAuditsRequest extends ProjectScoped, PageRequest {
  modelVersionId?: string | null;
}
export type ListAuditsReply = Page<AuditDto>;
