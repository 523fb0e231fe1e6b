import { type Static, Type } from '@sinclair/typebox';
import { closedObject, emptyObject, nullable, uuid } from '../json-schema/json-schema.builders';
import { type Page, pageRequestProperties } from '../pagination/page';
import { type AuditOutcome, type FindingStatus, GOVERNANCE_PAGES } from './governance.enums';
import { name, requiredText, timestamp } from './governance.fields';

export interface RuleDto {
  id: string;
  title: string;
  /** Legal or regulatory source, e.g. "29 CFR 1607.4(D)". */
  citation: string;
  /** What the machine check verifies, in one or two sentences. */
  checks: string;
}
export const listRulesRequestSchema = emptyObject();
export type ListRulesRequest = Static<typeof listRulesRequestSchema>;
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

export const runAuditRequestSchema = closedObject({
  projectId: uuid(),
  modelVersionId: uuid(),
  from: timestamp(),
  to: timestamp(),
  /** Rule ids; default all. */
  rules: Type.Optional(nullable(Type.Array(name(), { minItems: 1, uniqueItems: true }))),
  /**
   * The outcome label favorable to the subject, for the selection-rate rules (four-fifths, LL144).
   * When absent the audit infers it: the one outcome label in range that is a known favorable word.
   */
  favorableOutcome: Type.Optional(nullable(name())),
  /**
   * NYC LL144 bias audit: leave categories with under 2% of the decisions out of the impact ratios
   * (6 RCNY § 5-301(d)); they are still disclosed, with this justification. Default: include all.
   */
  ll144ExcludeUnder2Percent: Type.Optional(nullable(closedObject({ justification: Type.Optional(nullable(requiredText())) }))),
});
export type RunAuditRequest = Static<typeof runAuditRequestSchema>;
export interface RunAuditReply {
  audit: AuditDto;
}

/** The project's audits (only one version's when modelVersionId is given), newest first (ranAt, then id). */
export const listAuditsRequestSchema = closedObject({
  projectId: uuid(),
  modelVersionId: Type.Optional(nullable(uuid())),
  ...pageRequestProperties(GOVERNANCE_PAGES.audits.max),
});
export type ListAuditsRequest = Static<typeof listAuditsRequestSchema>;
export type ListAuditsReply = Page<AuditDto>;
