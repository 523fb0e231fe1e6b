import type {
  AnalysisItemDto,
  AttachEvidenceReply,
  EvidenceAnswerDto,
  EvidenceDto,
  EvidenceFreshnessReply,
  EvidenceSourceDto,
  FairnessReportParameters,
  InsightKind,
} from '@fulcrum/contracts';
import type { EvidenceFairnessReportInput } from './evidence.input';
import { toFairnessReportRequest } from '../governance/fairness.mapper';
import { toInsightResult } from '../insights/analyses.mapper';
import { toDateOrNull } from './backlog-items.mapper';
import {
  type AnalysisBacklogItem,
  type Evidence,
  type EvidenceAnswer,
  type EvidenceChange,
  type EvidenceFairnessReportParameters,
  type EvidenceFreshness,
  type EvidenceSourceValue,
  tagSource,
} from './evidence.model';

/** The fairness report's parameters as the evidence contract carries them (the report request without its project). */
export function toFairnessReportParameters(input: EvidenceFairnessReportInput, projectId: string): FairnessReportParameters {
  const { projectId: _project, ...parameters } = toFairnessReportRequest({ ...input, projectId });
  return parameters;
}

function toParameters(p: FairnessReportParameters): EvidenceFairnessReportParameters {
  const group = p.referenceGroup ?? null;
  return {
    modelVersionId: p.modelVersionId,
    attributes: p.attributes,
    positiveOutcome: p.positiveOutcome,
    positiveGroundTruth: p.positiveGroundTruth,
    favorableOutcome: p.favorableOutcome,
    referenceGroup: group === null ? null : Object.entries(group).map(([attribute, value]) => ({ attribute, value })),
    from: toDateOrNull(p.from ?? null),
    to: toDateOrNull(p.to ?? null),
    minGroupSize: p.minGroupSize ?? null,
  };
}

export function toEvidenceSource(s: EvidenceSourceDto): EvidenceSourceValue {
  switch (s.kind) {
    case 'ANALYSIS':
      return tagSource(s.kind, {
        analysisId: s.analysisId,
        title: s.title,
        insightKind: s.insightKind,
        dataVersion: s.dataVersion,
        queryFingerprint: s.queryFingerprint,
        resultDigest: s.resultDigest,
      });
    case 'MODEL_VERSION':
      return tagSource(s.kind, { modelVersionId: s.modelVersionId, modelId: s.modelId, modelName: s.modelName, version: s.version, artifactDigest: s.artifactDigest });
    case 'AUDIT':
      return tagSource(s.kind, { auditId: s.auditId, modelVersionId: s.modelVersionId, outcome: s.outcome, ranAt: new Date(s.ranAt) });
    case 'FAIRNESS_REPORT':
      return tagSource(s.kind, {
        modelVersionId: s.modelVersionId,
        parameters: toParameters(s.parameters),
        summary: s.summary,
        totals: s.totals,
        computedAt: new Date(s.computedAt),
      });
    case 'URL':
      return tagSource(s.kind, { url: s.url });
  }
}

export function toEvidence(e: EvidenceDto): Evidence {
  return {
    id: e.id,
    projectId: e.projectId,
    itemId: e.itemId,
    kind: e.source.kind,
    stance: e.stance,
    narrative: e.narrative,
    source: toEvidenceSource(e.source),
    attachedAt: new Date(e.attachedAt),
    attachedBy: e.attachedBy,
    attachedByName: e.attachedByName,
    withdrawal: e.withdrawal && { at: new Date(e.withdrawal.at), by: e.withdrawal.by, byName: e.withdrawal.byName, reason: e.withdrawal.reason },
  };
}

export function toEvidenceChange(r: AttachEvidenceReply): EvidenceChange {
  return { evidence: toEvidence(r.evidence), itemVersion: r.itemVersion };
}

function toAnswer(kind: InsightKind, a: EvidenceAnswerDto): EvidenceAnswer {
  return { dataVersion: a.dataVersion, queryFingerprint: a.queryFingerprint, result: toInsightResult(kind, a.result) };
}

/** `kind`: the analysis's insight kind (the freshness reply does not carry it). */
export function toEvidenceFreshness(kind: InsightKind, r: EvidenceFreshnessReply): EvidenceFreshness {
  return {
    evidenceId: r.evidenceId,
    analysisId: r.analysisId,
    status: r.status,
    attached: toAnswer(kind, r.attached),
    current: toAnswer(kind, r.current),
    differences: r.differences,
  };
}

export function toAnalysisBacklogItem(i: AnalysisItemDto): AnalysisBacklogItem {
  return {
    id: i.id,
    key: i.key,
    title: i.title,
    state: i.state,
    evidence: i.evidence.map((e) => ({ evidenceId: e.evidenceId, stance: e.stance, withdrawn: e.withdrawn })),
  };
}
