import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/relay-connection.model';
import type { AutomatedDecisionBasis, FeatureSensitivity, LegalBasis, RiskLevel, SpecialCategoryGround } from '@fulcrum/contracts';
import {
  AutomatedDecisionBasisEnum,
  FeatureSensitivityEnum,
  LegalBasisEnum,
  RiskLevelEnum,
  SpecialCategoryGroundEnum,
} from './governance.enums';

@ObjectType({ description: 'The data set a model version was trained on.' })
export class TrainingDataset {
  @Field({ description: 'Name of the data set.' })
  name: string;

  @Field({ description: 'Version label of the data set.' })
  version: string;

  @Field({ description: '`sha256:` followed by 64 lowercase hex digits of the data set content.' })
  contentHash: string;

  @Field(() => Int, { description: 'Number of rows.' })
  rows: number;

  @Field({ description: 'Where the data came from (URI or description).' })
  source: string;
}

@ObjectType({ description: 'One input feature of a model version and how sensitive it is.' })
export class ModelFeature {
  @Field({ description: 'Feature name as the model uses it.' })
  name: string;

  @Field(() => FeatureSensitivityEnum, { description: 'GDPR sensitivity of the feature.' })
  sensitivity: FeatureSensitivity;
}

@ObjectType({ description: 'One registered, immutable version of a model with its compliance declarations.' })
export class ModelVersion {
  @Field(() => ID, { description: 'Version id.' })
  id: string;

  @Field(() => ID, { description: 'Id of the model this is a version of.' })
  modelId: string;

  @Field({ description: 'Name of the model.' })
  modelName: string;

  @Field(() => Int, { description: '1, 2, 3… per model, in registration order.' })
  version: number;

  @Field({ description: 'Digest of the model artifact: `sha256:` followed by 64 lowercase hex digits.' })
  artifactDigest: string;

  @Field(() => TrainingDataset, { description: 'The training data set.' })
  trainingDataset: TrainingDataset;

  @Field(() => [ModelFeature], { description: 'Input features with their sensitivity.' })
  features: ModelFeature[];

  @Field(() => [String], { description: 'Declared purposes of the decisions (GDPR Art. 5(1)(b) purpose limitation).' })
  purposes: string[];

  @Field(() => LegalBasisEnum, { description: 'Lawful basis of the processing (GDPR Art. 6(1)).' })
  legalBasis: LegalBasis;

  @Field(() => SpecialCategoryGroundEnum, {
    nullable: true,
    description: 'GDPR Art. 9(2) exception; required when a feature is SPECIAL_CATEGORY (rule gdpr-art-9).',
  })
  specialCategoryGround: SpecialCategoryGround | null;

  @Field({ description: 'Makes solely automated decisions with legal or similarly significant effect (GDPR Art. 22(1)).' })
  solelyAutomatedSignificantDecisions: boolean;

  @Field(() => AutomatedDecisionBasisEnum, {
    nullable: true,
    description: 'GDPR Art. 22(2) exception; required for solely automated significant decisions (rule gdpr-art-22).',
  })
  automatedDecisionBasis: AutomatedDecisionBasis | null;

  @Field({ description: 'Whether a person can obtain human review of a decision (GDPR Art. 22(3)).' })
  humanReviewAvailable: boolean;

  @Field(() => Int, { description: 'Decision records are kept this many days (GDPR Art. 5(1)(e); EU AI Act Art. 19 wants at least 183).' })
  retentionDays: number;

  @Field(() => [String], { description: 'Aliases currently pointing to this version.' })
  aliases: string[];

  @Field({ description: 'When the version was registered (UTC).' })
  createdAt: Date;

  @Field({ description: 'Who registered it: the actor id (`user:<uuid>`); their name at the time is on the audit-trail entry.' })
  createdBy: string;
}

@ObjectType({ description: 'A named pointer (e.g. `production`, `staging`) to one version of a model.' })
export class ModelAlias {
  @Field({ description: 'Alias name.' })
  alias: string;

  @Field(() => ID, { description: 'Version the alias points to.' })
  versionId: string;

  @Field(() => Int, { description: 'Version number the alias points to.' })
  version: number;

  @Field({ description: 'When the alias last moved (UTC).' })
  movedAt: Date;

  @Field({ description: 'Who moved it last (actor id).' })
  movedBy: string;
}

@ObjectType({ description: 'One move of an alias, as recorded on the audit trail.' })
export class AliasMove {
  @Field(() => ID, { description: 'Id of the move.' })
  id: string;

  @Field({ description: 'Alias that moved.' })
  alias: string;

  @Field(() => ID, { nullable: true, description: 'Version it pointed to before; null when the alias was new.' })
  fromVersionId: string | null;

  @Field(() => ID, { description: 'Version it points to after the move.' })
  toVersionId: string;

  @Field({ description: 'Who moved it (actor id; the name at the time is on the audit-trail entry auditSeq).' })
  actor: string;

  @Field({ description: 'Why it was moved.' })
  reason: string;

  @Field({ description: 'When it was moved (UTC).' })
  at: Date;

  @Field(() => String, { nullable: true, description: 'Set when a compliance reviewer overrode the promotion gate: their reason.' })
  gateOverrideReason: string | null;

  @Field(() => Int, { description: 'Sequence number of the audit-trail entry recording this move.' })
  auditSeq: number;
}

@ObjectType({ description: 'A registered model of a project with its current aliases (versions: `modelVersions`; alias history: `aliasMoves`).' })
export class Model {
  @Field(() => ID, { description: 'Model id.' })
  id: string;

  @Field(() => ID, { description: 'The project it belongs to.' })
  projectId: string;

  @Field({ description: 'Model name, unique in the project ignoring case.' })
  name: string;

  @Field({ description: 'What the model does.' })
  description: string;

  @Field({ description: 'Accountable owner (team or person).' })
  owner: string;

  @Field(() => RiskLevelEnum, { description: 'EU AI Act risk tier.' })
  riskLevel: RiskLevel;

  @Field({ description: 'When the model was registered (UTC).' })
  createdAt: Date;

  @Field({ description: 'Who registered it (actor id).' })
  createdBy: string;

  @Field(() => Int, { description: 'Versions registered so far (page through them with `modelVersions`).' })
  versionCount: number;

  @Field(() => [ModelAlias], { description: 'Current aliases, by name (one per alias name).' })
  aliases: ModelAlias[];
}

@ObjectType({ description: 'The model after an alias move, and the move itself.' })
export class SetAliasResult {
  @Field(() => Model, { description: 'The model with its aliases as they are now.' })
  model: Model;

  @Field(() => AliasMove, { description: 'The recorded move.' })
  move: AliasMove;
}

/** `models`: oldest first (created, then id). */
export const ModelConnection = Connection(Model);
/** `modelVersions`: in registration order (version 1, 2, …). */
export const ModelVersionConnection = Connection(ModelVersion);
/** `aliasMoves`: oldest first (by audit-trail seq). */
export const AliasMoveConnection = Connection(AliasMove);
