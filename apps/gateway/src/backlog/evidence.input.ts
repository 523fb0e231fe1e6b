import { Field, ID, InputType, Int, OmitType } from '@nestjs/graphql';
import type { EvidenceStance } from '@fulcrum/contracts';
import { FairnessReportInput } from '../governance/fairness.input';
import { EvidenceStanceEnum } from './backlog.enums';
import { EXPECTED_VERSION_DESCRIPTION } from './backlog-items.input';
import { MARKDOWN_AS_STORED } from './backlog-items.model';

const NARRATIVE_DESCRIPTION = `What the evidence shows, at most 64 KiB (default empty). ${MARKDOWN_AS_STORED}`;

@InputType({ description: 'A saved analysis of the project to attach as evidence (data scientists and admins).' })
export class AttachAnalysisEvidenceInput {
  @Field(() => ID, { description: 'The project (the analysis must be of it).' })
  projectId: string;

  @Field(() => ID, { description: 'The item.' })
  itemId: string;

  @Field(() => Int, { description: EXPECTED_VERSION_DESCRIPTION })
  expectedVersion: number;

  @Field(() => ID, { description: 'The saved analysis (its data version and query fingerprint are kept as attached).' })
  analysisId: string;

  @Field(() => EvidenceStanceEnum, { description: 'How it bears on the item.' })
  stance: EvidenceStance;

  @Field(() => String, { nullable: true, description: NARRATIVE_DESCRIPTION })
  narrative?: string | null;
}

@InputType('EvidenceFairnessReportInput', { description: 'The fairness report to attach: the parameters of the `fairnessReport` query, without the project.' })
export class EvidenceFairnessReportInput extends OmitType(FairnessReportInput, ['projectId'] as const, InputType) {}

@InputType({ description: 'Governance evidence to attach (data scientists and admins): exactly one of a model version, an audit or a fairness report.' })
export class AttachGovernanceEvidenceInput {
  @Field(() => ID, { description: 'The project (the governance records must be of it).' })
  projectId: string;

  @Field(() => ID, { description: 'The item.' })
  itemId: string;

  @Field(() => Int, { description: EXPECTED_VERSION_DESCRIPTION })
  expectedVersion: number;

  @Field(() => ID, { nullable: true, description: 'A registered model version.' })
  modelVersionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A recorded audit.' })
  auditId?: string | null;

  @Field(() => EvidenceFairnessReportInput, { nullable: true, description: 'A fairness report, computed now; its summary and totals are kept as of now.' })
  fairnessReport?: EvidenceFairnessReportInput | null;

  @Field(() => EvidenceStanceEnum, { description: 'How it bears on the item.' })
  stance: EvidenceStance;

  @Field(() => String, { nullable: true, description: NARRATIVE_DESCRIPTION })
  narrative?: string | null;
}

@InputType({ description: 'A web page to attach as evidence (everyone who edits items).' })
export class AttachLinkEvidenceInput {
  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => ID, { description: 'The item.' })
  itemId: string;

  @Field(() => Int, { description: EXPECTED_VERSION_DESCRIPTION })
  expectedVersion: number;

  @Field({ description: 'An http or https URL with a host, at most 2,048 characters.' })
  url: string;

  @Field(() => EvidenceStanceEnum, { description: 'How it bears on the item.' })
  stance: EvidenceStance;

  @Field(() => String, { nullable: true, description: NARRATIVE_DESCRIPTION })
  narrative?: string | null;
}

@InputType({ description: 'Evidence to withdraw (it stays readable, marked withdrawn).' })
export class WithdrawEvidenceInput {
  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => ID, { description: 'The evidence (EVIDENCE_NOT_FOUND, extensions.code NOT_FOUND, when not in the project).' })
  evidenceId: string;

  @Field(() => Int, { description: `Of the item the evidence is on. ${EXPECTED_VERSION_DESCRIPTION}` })
  expectedVersion: number;

  @Field({ description: 'Why, 1-2,000 characters (not blank).' })
  reason: string;
}
