import { Field, ID, InputType, Int } from '@nestjs/graphql';
import type { AutomatedDecisionBasis, FeatureSensitivity, LegalBasis, RiskLevel, SpecialCategoryGround } from '@fulcrum/contracts';
import {
  AutomatedDecisionBasisEnum,
  FeatureSensitivityEnum,
  LegalBasisEnum,
  RiskLevelEnum,
  SpecialCategoryGroundEnum,
} from './governance.enums';

@InputType({ description: 'A new model (its versions are registered separately).' })
export class RegisterModelInput {
  @Field(() => ID, { description: 'The project the model belongs to.' })
  projectId: string;

  @Field({ description: 'Model name, unique in the project ignoring case (1-200 characters).' })
  name: string;

  @Field({ description: 'What the model does (at most 5,000 characters; may be empty).' })
  description: string;

  @Field({ description: 'Accountable owner (team or person).' })
  owner: string;

  @Field(() => RiskLevelEnum, { description: 'EU AI Act risk tier.' })
  riskLevel: RiskLevel;
}

@InputType({ description: 'The data set a version was trained on.' })
export class TrainingDatasetInput {
  @Field({ description: 'Name of the data set.' })
  name: string;

  @Field({ description: 'Version label of the data set.' })
  version: string;

  @Field({ description: '`sha256:` followed by 64 lowercase hex digits of the data set content.' })
  contentHash: string;

  @Field(() => Int, { description: 'Number of rows (0 or more).' })
  rows: number;

  @Field({ description: 'Where the data came from (URI or description).' })
  source: string;
}

@InputType({ description: 'One input feature and its GDPR sensitivity.' })
export class FeatureInput {
  @Field({ description: 'Feature name as the model uses it.' })
  name: string;

  @Field(() => FeatureSensitivityEnum, { description: 'GDPR sensitivity of the feature.' })
  sensitivity: FeatureSensitivity;
}

@InputType({ description: 'A new version of a registered model with its compliance declarations.' })
export class RegisterModelVersionInput {
  @Field(() => ID, { description: 'The project of the model.' })
  projectId: string;

  @Field(() => ID, { description: 'The model this is a version of (NOT_FOUND when it is not in the project).' })
  modelId: string;

  @Field({ description: 'Digest of the model artifact: `sha256:` followed by 64 lowercase hex digits.' })
  artifactDigest: string;

  @Field(() => TrainingDatasetInput, { description: 'The training data set.' })
  trainingDataset: TrainingDatasetInput;

  @Field(() => [FeatureInput], { description: 'Input features with their sensitivity.' })
  features: FeatureInput[];

  @Field(() => [String], { description: 'Declared purposes (at least one, no duplicates).' })
  purposes: string[];

  @Field(() => LegalBasisEnum, { description: 'Lawful basis of the processing (GDPR Art. 6(1)).' })
  legalBasis: LegalBasis;

  @Field(() => SpecialCategoryGroundEnum, { nullable: true, description: 'GDPR Art. 9(2) exception; needed when a feature is SPECIAL_CATEGORY.' })
  specialCategoryGround?: SpecialCategoryGround | null;

  @Field({ description: 'Makes solely automated decisions with legal or similarly significant effect (GDPR Art. 22(1)).' })
  solelyAutomatedSignificantDecisions: boolean;

  @Field(() => AutomatedDecisionBasisEnum, { nullable: true, description: 'GDPR Art. 22(2) exception; needed for solely automated significant decisions.' })
  automatedDecisionBasis?: AutomatedDecisionBasis | null;

  @Field({ description: 'Whether a person can obtain human review of a decision (GDPR Art. 22(3)).' })
  humanReviewAvailable: boolean;

  @Field(() => Int, { description: 'Days decision records are kept (1-36,500; EU AI Act Art. 19 wants at least 183).' })
  retentionDays: number;
}

@InputType({ description: 'Points an alias of a model at one of its versions.' })
export class SetAliasInput {
  @Field(() => ID, { description: 'The project of the model.' })
  projectId: string;

  @Field(() => ID, { description: 'The model.' })
  modelId: string;

  @Field({ description: 'Alias name: lowercase letter, then up to 62 of a-z, 0-9, `_`, `-`. Moving `production` passes the promotion gate.' })
  alias: string;

  @Field(() => ID, { description: 'The version the alias will point to.' })
  versionId: string;

  @Field({ description: 'Why the alias moves (recorded on the audit trail).' })
  reason: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Overrides the promotion gate (moving `production` to a version without a recent passing audit). Compliance reviewers and admins only; anyone else sending it gets FORBIDDEN. Recorded with the move.',
  })
  gateOverrideReason?: string | null;
}
