import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { EventDefinitionStatus, PiiRule, TrackingPlanChangeKind, TrackingPlanMode } from '@fulcrum/contracts';
import { GraphQLJSON, type JsonValue } from '../governance/json.scalar';
import { Connection, type ConnectionShape } from '../graphql/relay-connection.model';
import { EventDefinitionStatusEnum, PiiRuleEnum, TrackingPlanChangeKindEnum, TrackingPlanModeEnum } from './tracking-plan.enums';

@ObjectType({ description: 'A property marked PII and its rule, applied before the event is stored anywhere.' })
export class PiiMark {
  @Field({ description: "JSON pointer into the event's properties (`/email`, `/user/email`)." })
  pointer: string;

  @Field(() => PiiRuleEnum)
  rule: PiiRule;
}

@ObjectType({ description: 'One event of the plan: its name, owner, status, SchemaVer and the JSON Schema of its properties.' })
export class TrackingPlanEventDefinition {
  @Field({ description: 'The event name exactly as SDKs send it.' })
  name: string;

  @Field()
  description: string;

  @Field(() => ID, { nullable: true, description: 'The project member (user id) who answers for it, or null.' })
  owner: string | null;

  @Field(() => EventDefinitionStatusEnum)
  status: EventDefinitionStatus;

  @Field({ description: 'SchemaVer of its properties schema, `MODEL-REVISION-ADDITION` (`1-0-0` when new).' })
  schemaVer: string;

  @Field(() => GraphQLJSON, { description: "JSON Schema (draft 2020-12) of the event's properties." })
  properties: JsonValue;

  @Field(() => [PiiMark])
  pii: PiiMark[];

  @Field(() => [ID], { description: "The backlog's instrumentation items that introduced or changed this definition." })
  instrumentationItemIds: string[];
}

@ObjectType({ description: 'The schema of identify traits, versioned like an event.' })
export class TrackingPlanTraits {
  @Field()
  schemaVer: string;

  @Field(() => GraphQLJSON, { description: 'JSON Schema (draft 2020-12) of the traits.' })
  properties: JsonValue;

  @Field(() => [PiiMark])
  pii: PiiMark[];
}

@ObjectType({ description: 'A change of a properties schema that events valid before may no longer satisfy.' })
export class TrackingPlanIncompatibility {
  @Field({ description: "JSON pointer into an event's properties (`/cart/items/*`: `*` is any array item or unnamed property)." })
  path: string;

  @Field({ description: 'The JSON Schema keyword that changed.' })
  keyword: string;

  @Field({ description: '`ALL`: every event valid before that reaches `path` is refused now; `SOME`: only some may be.' })
  reach: string;

  @Field()
  message: string;
}

@ObjectType({ description: 'What happened to one definition in one publish.' })
export class TrackingPlanChange {
  @Field({ description: 'The event name, or `$traits` for the traits definition.' })
  event: string;

  @Field(() => String, { nullable: true, description: 'The SchemaVer before (null for a new definition).' })
  from: string | null;

  @Field({ description: 'The SchemaVer published.' })
  to: string;

  @Field(() => TrackingPlanChangeKindEnum, { description: 'The change, computed from the two schemas.' })
  kind: TrackingPlanChangeKind;

  @Field(() => [TrackingPlanIncompatibility])
  incompatibilities: TrackingPlanIncompatibility[];
}

@ObjectType({ description: 'One published version of a tracking plan, without its document (lists).' })
export class TrackingPlanVersionSummary {
  @Field(() => Int, { description: 'The version number: 1, 2, … per project in publishing order.' })
  version: number;

  @Field(() => [TrackingPlanChange], { description: 'Every definition with its change from the previous version (NONE for those unchanged).' })
  changes: TrackingPlanChange[];

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field({ description: 'When it was published (UTC).' })
  publishedAt: Date;

  @Field({ description: 'Who published it: `user:<id>`, or `service:<name>`.' })
  publishedBy: string;

  @Field(() => String, { nullable: true, description: 'Their display name at the time.' })
  publishedByName: string | null;
}

@ObjectType({ description: 'One published, immutable version of a tracking plan.' })
export class TrackingPlanVersion extends TrackingPlanVersionSummary {
  @Field(() => [TrackingPlanEventDefinition], { description: 'The event definitions, in document order.' })
  events: TrackingPlanEventDefinition[];

  @Field(() => TrackingPlanTraits, { nullable: true, description: 'The traits definition, if the plan has one.' })
  traits: TrackingPlanTraits | null;

  @Field(() => GraphQLJSON, { description: 'The whole plan document, exactly as `publishTrackingPlan` takes it (export).' })
  document: JsonValue;
}

export const TrackingPlanVersionSummaryConnection = Connection(TrackingPlanVersionSummary);
export type TrackingPlanVersionSummaryConnection = ConnectionShape<TrackingPlanVersionSummary>;

@ObjectType({ description: "A project's tracking plan: how events are checked, the current version, and the version asked for." })
export class TrackingPlan {
  @Field(() => ID)
  projectId: string;

  @Field(() => TrackingPlanModeEnum)
  mode: TrackingPlanMode;

  @Field(() => Int, { nullable: true, description: 'The version in force; null until the first publish.' })
  currentVersion: number | null;

  @Field(() => TrackingPlanVersion, { nullable: true, description: 'The version asked for (the current one by default); null while nothing is published.' })
  version: TrackingPlanVersion | null;

  @Field(() => Date, { nullable: true, description: 'When the mode or the plan last changed (UTC); null if never.' })
  updatedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who changed it last (`user:<id>`).' })
  updatedBy: string | null;

  @Field(() => String, { nullable: true, description: 'Their display name at the time.' })
  updatedByName: string | null;
}
