import { Injectable } from '@nestjs/common';
import type { FindingDto } from '@fulcrum/contracts';
import { type GroupCountsTable, fetchGroupCounts } from '@fulcrum/fairness';
import { type DecisionRange, DecisionLogReader } from '../decisions/decision-log.reader';
import type { VersionWithModel } from '../registry/registry-reader.port';
import { RACE_ETHNICITY_ATTRIBUTE_NAMES, RULE_IDS, SEX_ATTRIBUTE_NAMES, findRule } from './audit-rule.catalog';
import { AuditsRepository } from './audits.repository';
import { checkPurposeLimitation, checkRecordKeeping, checkStorageLimitation } from './decision-log-rules.checks';
import {
  type FavorableOutcome,
  type Ll144Exclusion,
  type ProtectedAttributes,
  auditRecencyOutcome,
  auditValidity,
  biasAuditOutcome,
  findFavorableOutcome,
  fourFifthsOutcome,
  pickAttribute,
} from './fairness-rules.checks';
import { checkAutomatedDecisions, checkLogRetention, checkSpecialCategories } from './registry-rules.checks';
import type { RuleOutcome } from './rule-outcome.model';

const DAY_MS = 86_400_000;

/** What an audit examines: the version (with its model) and the `[from, to)` range of its decisions, at `now`. */
export interface AuditScope {
  subject: VersionWithModel;
  range: DecisionRange;
  now: Date;
  /** Given by the auditor; else inferred from the outcome labels in range. */
  favorableOutcome?: string | null;
  /** The LL144 2% exclusion, when the auditor asked for it. */
  ll144Exclusion?: Ll144Exclusion | null;
}

/**
 * Runs the catalog's machine checks for one audit. Facts several rules share (outcome labels,
 * which protected attributes are logged) are read once; every figure over decisions is aggregated
 * in SQL by DecisionLogReader or `@fulcrum/fairness`. Reads only (no transaction).
 */
@Injectable()
export class AuditRulesEvaluator {
  constructor(
    private readonly decisions: DecisionLogReader,
    private readonly audits: AuditsRepository,
  ) {}

  async evaluate(scope: AuditScope, ruleIds: readonly string[]): Promise<FindingDto[]> {
    const facts = new SharedFacts(this.decisions, scope.range, scope.favorableOutcome ?? null);
    const findings: FindingDto[] = [];
    for (const ruleId of ruleIds) {
      const rule = findRule(ruleId);
      if (!rule) throw new Error(`rule ${ruleId} is not in the catalog`);
      const outcome = await this.check(ruleId, scope, facts);
      // Evidence is stored as jsonb and hashed onto the trail: keep it plain JSON.
      findings.push({ ruleId, title: rule.title, citation: rule.citation, status: outcome.status, summary: outcome.summary, evidence: JSON.parse(JSON.stringify(outcome.evidence)) });
    }
    return findings;
  }

  private async check(ruleId: string, scope: AuditScope, facts: SharedFacts): Promise<RuleOutcome> {
    const { version, model } = scope.subject;
    const { range } = scope;
    switch (ruleId) {
      case RULE_IDS.fourFifths: {
        const [favorable, attributes] = await Promise.all([facts.favorable(), facts.protectedAttributes()]);
        const tables: Array<{ role: 'sex' | 'raceEthnicity'; counts: GroupCountsTable }> = [];
        if (favorable.outcome !== null) {
          if (attributes.sex) tables.push({ role: 'sex', counts: await this.counts(range, [attributes.sex], favorable.outcome) });
          if (attributes.raceEthnicity) tables.push({ role: 'raceEthnicity', counts: await this.counts(range, [attributes.raceEthnicity], favorable.outcome) });
        }
        return fourFifthsOutcome(favorable, attributes, tables);
      }
      case RULE_IDS.ll144BiasAudit: {
        const [favorable, attributes] = await Promise.all([facts.favorable(), facts.protectedAttributes()]);
        const logged = attributes.sex !== null || attributes.raceEthnicity !== null;
        const counts =
          logged && favorable.outcome !== null
            ? await this.counts(range, [attributes.sex ?? SEX_ATTRIBUTE_NAMES[0], attributes.raceEthnicity ?? RACE_ETHNICITY_ATTRIBUTE_NAMES[0]], favorable.outcome)
            : null;
        return biasAuditOutcome(favorable, attributes, counts, scope.ll144Exclusion ?? null);
      }
      case RULE_IDS.ll144AuditRecency: {
        const [overview, attributes] = await Promise.all([facts.overview(), facts.protectedAttributes()]);
        const auditDates = await this.audits.biasAuditDates(version.id, scope.now);
        const uncovered = await this.decisions.uncoveredByWindows(range, auditDates.map(auditValidity));
        return auditRecencyOutcome(attributes, { decisionsInRange: overview.total, latestUse: overview.latest, auditDates, uncovered });
      }
      case RULE_IDS.gdprArt9: {
        const presence = await facts.presence();
        const race = pickAttribute(RACE_ETHNICITY_ATTRIBUTE_NAMES, presence);
        return checkSpecialCategories(version, race.attribute ? { attribute: race.attribute, decisions: race.decisions } : null);
      }
      case RULE_IDS.gdprArt22:
        return checkAutomatedDecisions(version);
      case RULE_IDS.gdprPurposeLimitation:
        return checkPurposeLimitation(version.purposes, await this.decisions.undeclaredPurposes(range, version.purposes));
      case RULE_IDS.gdprStorageLimitation: {
        const cutoff = new Date(scope.now.getTime() - version.retentionDays * DAY_MS);
        return checkStorageLimitation(version.retentionDays, cutoff, await this.decisions.retainedBefore(range, cutoff));
      }
      case RULE_IDS.aiActRecordKeeping:
        return checkRecordKeeping(model.riskLevel, model.riskLevel === 'HIGH' ? await this.decisions.recordKeepingGaps(range) : emptyGaps());
      case RULE_IDS.aiActLogRetention:
        return checkLogRetention(model.riskLevel, version);
      default:
        throw new Error(`no check for rule ${ruleId}`);
    }
  }

  /** Group counts for selection rates (the positive class is irrelevant to these rules; set to the favorable outcome). */
  private counts(range: DecisionRange, attributes: string[], favorable: string): Promise<GroupCountsTable> {
    return fetchGroupCounts(this.decisions.run, {
      modelVersionId: range.modelVersionId,
      attributes,
      favorableOutcome: favorable,
      positiveOutcome: favorable,
      positiveGroundTruth: favorable,
      from: range.from,
      to: range.to,
    });
  }
}

function emptyGaps() {
  return { examined: 0, incomplete: 0, missing: {}, sampleDecisionIds: [] };
}

/** Facts several rules need, each read at most once per audit. */
class SharedFacts {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    private readonly decisions: DecisionLogReader,
    private readonly range: DecisionRange,
    private readonly givenFavorableOutcome: string | null,
  ) {}

  overview() {
    return this.once('overview', () => this.decisions.overview(this.range));
  }

  presence(): Promise<Map<string, number>> {
    return this.once('presence', () => this.decisions.attributePresence(this.range, [...SEX_ATTRIBUTE_NAMES, ...RACE_ETHNICITY_ATTRIBUTE_NAMES]));
  }

  favorable(): Promise<FavorableOutcome> {
    // Up to 50 labels: a tool with more distinct outcomes does not "select" in the EEOC / LL144 sense anyway.
    const given = this.givenFavorableOutcome;
    if (given !== null) return Promise.resolve({ outcome: given, basis: `"${given}" was given by the auditor as the favorable outcome.` });
    return this.once('favorable', async () => findFavorableOutcome(await this.decisions.outcomeCounts(this.range, 50)));
  }

  async protectedAttributes(): Promise<ProtectedAttributes> {
    const presence = await this.presence();
    return { sex: pickAttribute(SEX_ATTRIBUTE_NAMES, presence).attribute, raceEthnicity: pickAttribute(RACE_ETHNICITY_ATTRIBUTE_NAMES, presence).attribute };
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.memo.set(key, p);
    }
    return p;
  }
}
