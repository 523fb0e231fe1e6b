import { Field, ID, Int, ObjectType, createUnionType } from '@nestjs/graphql';
import type { AuditOutcome, BacklogItemState, EvidenceFreshnessStatus, EvidenceKind, EvidenceStance, InsightKind } from '@fulcrum/contracts';
import { FairnessSummary, FairnessTotals, GroupMember } from '../governance/fairness.model';
import { AuditOutcomeEnum } from '../governance/governance.enums';
import { Connection, type ConnectionShape } from '../graphql/relay-connection.model';
import { InsightKindEnum } from '../insights/insight-common.enums';
import { InsightResultUnion, type InsightResultValue } from '../insights/insight-result.union';
import { BacklogItemStateEnum, EvidenceFreshnessStatusEnum, EvidenceKindEnum, EvidenceStanceEnum } from './backlog.enums';
import { MARKDOWN_AS_STORED } from './backlog-items.model';

@ObjectType({ description: 'A saved analysis as attached: its data version and query fingerprint then (a saved analysis never changes).' })
export class AnalysisEvidenceSource {
  @Field(() => ID, { description: 'The analysis (query `analysis`).' })
  analysisId: string;

  @Field({ description: 'Its title when attached.' })
  title: string;

  @Field(() => InsightKindEnum, { description: 'Its insight kind.' })
  insightKind: InsightKind;

  @Field({ description: 'The data version that answered it.' })
  dataVersion: string;

  @Field({ description: '`sha256:<hex>` of its kind and normalised query.' })
  queryFingerprint: string;

  @Field({ description: '`sha256:<hex>` of its saved result.' })
  resultDigest: string;
}

@ObjectType({ description: 'A registered model version as attached.' })
export class ModelVersionEvidenceSource {
  @Field(() => ID, { description: 'The model version (query `modelVersion`).' })
  modelVersionId: string;

  @Field(() => ID, { description: 'Its model.' })
  modelId: string;

  @Field({ description: 'The model name.' })
  modelName: string;

  @Field(() => Int, { description: 'The version number.' })
  version: number;

  @Field({ description: 'Digest of the version’s artifact.' })
  artifactDigest: string;
}

@ObjectType({ description: 'A recorded audit of a model version as attached.' })
export class AuditEvidenceSource {
  @Field(() => ID, { description: 'The audit.' })
  auditId: string;

  @Field(() => ID, { description: 'The audited model version.' })
  modelVersionId: string;

  @Field(() => AuditOutcomeEnum, { description: 'Its outcome.' })
  outcome: AuditOutcome;

  @Field({ description: 'When it ran (UTC).' })
  ranAt: Date;
}

@ObjectType({ description: 'The parameters a fairness report was computed with (those of the `fairnessReport` query).' })
export class EvidenceFairnessReportParameters {
  @Field(() => ID, { description: 'The model version.' })
  modelVersionId: string;

  @Field(() => [String], { description: 'Protected attributes grouped by.' })
  attributes: string[];

  @Field({ description: 'The `outcome` label counted as a positive prediction.' })
  positiveOutcome: string;

  @Field({ description: 'The `groundTruth` label counted as actually positive.' })
  positiveGroundTruth: string;

  @Field({ description: 'The `outcome` label favorable to the person.' })
  favorableOutcome: string;

  @Field(() => [GroupMember], { nullable: true, description: 'The reference group given; null: the group with the highest favorable rate.' })
  referenceGroup: GroupMember[] | null;

  @Field(() => Date, { nullable: true, description: 'Only decisions at or after this instant; null: no lower bound.' })
  from: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only decisions before this instant; null: no upper bound.' })
  to: Date | null;

  @Field(() => Int, { nullable: true, description: 'The smallSample threshold given; null: the service default.' })
  minGroupSize: number | null;
}

@ObjectType({ description: "A model version's fairness report, its summary and totals as computed when attached (governance computes reports, it does not store them)." })
export class FairnessReportEvidenceSource {
  @Field(() => ID, { description: 'The model version.' })
  modelVersionId: string;

  @Field(() => EvidenceFairnessReportParameters, { description: 'What the report compared.' })
  parameters: EvidenceFairnessReportParameters;

  @Field(() => FairnessSummary, { description: 'Disparity across the groups then.' })
  summary: FairnessSummary;

  @Field(() => FairnessTotals, { description: 'Totals then.' })
  totals: FairnessTotals;

  @Field({ description: 'When the report was computed (UTC).' })
  computedAt: Date;
}

@ObjectType({ description: 'A web page.' })
export class UrlEvidenceSource {
  @Field({ description: 'Its http(s) URL, as given. Clients should show it as a link that does not leak the referrer.' })
  url: string;
}

const SOURCE_TYPES = {
  ANALYSIS: AnalysisEvidenceSource,
  MODEL_VERSION: ModelVersionEvidenceSource,
  AUDIT: AuditEvidenceSource,
  FAIRNESS_REPORT: FairnessReportEvidenceSource,
  URL: UrlEvidenceSource,
} as const satisfies Record<EvidenceKind, unknown>;

/** The kind a mapped source belongs to, under a symbol key: GraphQL and JSON never see it. */
const SOURCE_KIND = Symbol('evidenceKind');

export type EvidenceSourceValue = { [K in EvidenceKind]: InstanceType<(typeof SOURCE_TYPES)[K]> & { readonly [SOURCE_KIND]: K } }[EvidenceKind];

export function tagSource<K extends EvidenceKind>(kind: K, source: InstanceType<(typeof SOURCE_TYPES)[K]>): EvidenceSourceValue {
  return { ...source, [SOURCE_KIND]: kind } as EvidenceSourceValue;
}

export const EvidenceSourceUnion = createUnionType({
  name: 'EvidenceSource',
  description: 'What a piece of evidence points at: the source type of its kind (ANALYSIS → AnalysisEvidenceSource, URL → UrlEvidenceSource, …).',
  types: () => [AnalysisEvidenceSource, ModelVersionEvidenceSource, AuditEvidenceSource, FairnessReportEvidenceSource, UrlEvidenceSource] as const,
  resolveType: (value: EvidenceSourceValue) => SOURCE_TYPES[value[SOURCE_KIND]],
});

@ObjectType({ description: 'Evidence withdrawn: when, by whom, why.' })
export class EvidenceWithdrawal {
  @Field({ description: 'When (UTC).' })
  at: Date;

  @Field({ description: 'Who (actor id).' })
  by: string;

  @Field(() => String, { nullable: true, description: 'Their display name then.' })
  byName: string | null;

  @Field({ description: 'The reason given.' })
  reason: string;
}

@ObjectType({ description: 'A piece of evidence on a backlog item: a source, a stance and a narrative. Never deleted, only withdrawn with a reason.' })
export class Evidence {
  @Field(() => ID, { description: 'Evidence id.' })
  id: string;

  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => ID, { description: 'The item it is on.' })
  itemId: string;

  @Field(() => EvidenceKindEnum, { description: 'What it points at (the type of `source`).' })
  kind: EvidenceKind;

  @Field(() => EvidenceStanceEnum, { description: 'How it bears on the item.' })
  stance: EvidenceStance;

  @Field({ description: `What it shows, in the words of whoever attached it (may be empty). ${MARKDOWN_AS_STORED}` })
  narrative: string;

  @Field(() => EvidenceSourceUnion, { description: 'What it points at, as verified when attached.' })
  source: EvidenceSourceValue;

  @Field({ description: 'When it was attached (UTC).' })
  attachedAt: Date;

  @Field({ description: 'Who attached it (actor id).' })
  attachedBy: string;

  @Field(() => String, { nullable: true, description: 'Their display name then.' })
  attachedByName: string | null;

  @Field(() => EvidenceWithdrawal, { nullable: true, description: 'The withdrawal; null while the evidence stands.' })
  withdrawal: EvidenceWithdrawal | null;
}

export const EvidenceConnection = Connection(Evidence);
export type EvidenceConnection = ConnectionShape<Evidence>;

@ObjectType({ description: 'Evidence attached or withdrawn, and the new version of its item.' })
export class EvidenceChange {
  @Field(() => Evidence, { description: 'The evidence.' })
  evidence: Evidence;

  @Field(() => Int, { description: "The item's version after the change: its next `expectedVersion`." })
  itemVersion: number;
}

@ObjectType({ description: "One answer to an attached analysis's question." })
export class EvidenceAnswer {
  @Field({ description: 'The data version it was computed at.' })
  dataVersion: string;

  @Field({ description: '`sha256:<hex>` of the kind and normalised query.' })
  queryFingerprint: string;

  @Field(() => InsightResultUnion, { description: 'The result.' })
  result: InsightResultValue;
}

@ObjectType({ description: 'Attached analysis evidence recomputed at the current data version and compared with what it showed when attached.' })
export class EvidenceFreshness {
  @Field(() => ID, { description: 'The evidence.' })
  evidenceId: string;

  @Field(() => ID, { description: 'Its analysis.' })
  analysisId: string;

  @Field(() => EvidenceFreshnessStatusEnum, { description: 'SAME or CHANGED.' })
  status: EvidenceFreshnessStatus;

  @Field(() => EvidenceAnswer, { description: 'What the evidence showed when attached (the saved analysis).' })
  attached: EvidenceAnswer;

  @Field(() => EvidenceAnswer, { description: 'The same question at the current data version.' })
  current: EvidenceAnswer;

  @Field(() => [String], { description: 'Top-level result fields that differ, the data version aside (empty when SAME).' })
  differences: string[];
}

@ObjectType({ description: "An analysis's evidence on one item." })
export class AnalysisItemEvidence {
  @Field(() => ID, { description: 'The evidence.' })
  evidenceId: string;

  @Field(() => EvidenceStanceEnum, { description: 'Its stance.' })
  stance: EvidenceStance;

  @Field({ description: 'True when it has been withdrawn.' })
  withdrawn: boolean;
}

@ObjectType({ description: 'A backlog item an analysis is attached to as evidence.' })
export class AnalysisBacklogItem {
  @Field(() => ID, { description: 'Item id.' })
  id: string;

  @Field({ description: 'Item key.' })
  key: string;

  @Field({ description: 'Title.' })
  title: string;

  @Field(() => BacklogItemStateEnum, { description: 'State.' })
  state: BacklogItemState;

  @Field(() => [AnalysisItemEvidence], { description: "The analysis's evidence on the item, oldest first." })
  evidence: AnalysisItemEvidence[];
}
