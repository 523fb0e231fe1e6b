import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { BacklogEstimateScale, BacklogItemKind, BacklogItemState, BacklogTrack } from '@fulcrum/contracts';
import { GraphQLJSON, type JsonValue } from '../governance/json.scalar';
import { Connection, type ConnectionShape } from '../graphql/relay-connection.model';
import { BacklogEstimateScaleEnum, BacklogItemKindEnum, BacklogItemStateEnum, BacklogTrackEnum } from './backlog.enums';

/** Said of every Markdown field: the API stores and returns it verbatim; rendering safely is the client's job. */
export const MARKDOWN_AS_STORED = 'Markdown exactly as sent (never sanitised or rendered by the server): clients must render it safely.';

@ObjectType({ description: 'A backlog item: one piece of work of one track of a project, with its state, rank and version.' })
export class BacklogItem {
  @Field(() => ID, { description: 'Item id.' })
  id: string;

  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field({ description: 'The human key `<PROJECT-KEY>-<number>`, e.g. `SHOP-42`: stable for ever.' })
  key: string;

  @Field(() => Int, { description: 'The number of the key: 1, 2, 3, … per project in creation order.' })
  number: number;

  @Field(() => BacklogTrackEnum, { description: 'The track (fixed at creation).' })
  track: BacklogTrack;

  @Field(() => BacklogItemKindEnum, { description: 'The kind of work.' })
  kind: BacklogItemKind;

  @Field({ description: 'Title, 1-300 characters.' })
  title: string;

  @Field({ description: `Description (at most 64 KiB). ${MARKDOWN_AS_STORED}` })
  description: string;

  @Field(() => String, { nullable: true, description: "A value of the track's estimate scale (`backlogTrackSettings`), or null when not estimated." })
  estimate: string | null;

  @Field(() => [ID], { description: 'User ids of the owners (project members).' })
  owners: string[];

  @Field(() => [String], { description: 'Labels, lower case, each once.' })
  labels: string[];

  @Field(() => BacklogItemStateEnum, { description: 'The state.' })
  state: BacklogItemState;

  @Field({ description: 'Position within the track (fractional index): a smaller rank, compared byte-wise, comes first. Change it with rankBacklogItem.' })
  rank: string;

  @Field(() => Int, { description: '1 at creation, +1 per change: send it back as `expectedVersion` with the next change (a stale one is CONFLICT with `extensions.details.currentVersion`).' })
  version: number;

  @Field(() => Date, { nullable: true, description: 'When the item last reached DELIVERED (kept when it moves on; success-metric windows count from it).' })
  deliveredAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was last ACCEPTED; null when not accepted.' })
  acceptedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who accepted it (actor id, e.g. `user:<uuid>`); null when not accepted.' })
  acceptedBy: string | null;

  @Field(() => String, { nullable: true, description: 'The reason given when the acceptance overrode the success-metrics gate; null otherwise.' })
  acceptanceOverrideReason: string | null;

  @Field({ description: 'When it was created (UTC).' })
  createdAt: Date;

  @Field({ description: 'Who created it (actor id, e.g. `user:<uuid>`).' })
  createdBy: string;

  @Field({ description: 'When it last changed (UTC).' })
  updatedAt: Date;
}

export const BacklogItemConnection = Connection(BacklogItem);
export type BacklogItemConnection = ConnectionShape<BacklogItem>;

@ObjectType({ description: 'One field of a change: its value before and after, as JSON (null for "none").' })
export class BacklogFieldChange {
  @Field({ description: 'The field, e.g. `title`, `state`, `owners`.' })
  field: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The value before the change (null: none).' })
  oldValue: JsonValue;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The value after the change (null: none).' })
  newValue: JsonValue;
}

@ObjectType({ description: "One entry of an item's history: who changed what, when (the same entry, same id, is on the governance audit trail)." })
export class BacklogActivity {
  @Field(() => ID, { description: 'Entry id (also the id of its audit-trail entry).' })
  id: string;

  @Field(() => ID, { description: 'The item.' })
  itemId: string;

  @Field({ description: 'What happened, e.g. `item.created`, `item.state-moved`, `link.added`, `evidence.attached`, `metric.evaluated`.' })
  action: string;

  @Field(() => [BacklogFieldChange], { description: 'The fields it changed (empty for actions that change no field of the item).' })
  changes: BacklogFieldChange[];

  @Field(() => GraphQLJSON, { description: "What else the entry needs to be read on its own (a link's other item, an override reason, …), as a JSON object." })
  detail: JsonValue;

  @Field({ description: 'Who acted (actor id, e.g. `user:<uuid>`; `service:backlog` for live re-evaluations).' })
  actor: string;

  @Field(() => String, { nullable: true, description: "The actor's display name at the time." })
  actorName: string | null;

  @Field({ description: 'The request id of the change (as in `extensions.requestId` and the logs).' })
  requestId: string;

  @Field({ description: 'When it happened (UTC).' })
  occurredAt: Date;
}

export const BacklogActivityConnection = Connection(BacklogActivity);
export type BacklogActivityConnection = ConnectionShape<BacklogActivity>;

@ObjectType({ description: "A track's settings in a project." })
export class BacklogTrackSettings {
  @Field(() => BacklogTrackEnum, { description: 'The track.' })
  track: BacklogTrack;

  @Field(() => BacklogEstimateScaleEnum, { description: 'The estimate scale (default FIBONACCI for PRODUCT and ENGINEERING, NONE for DESIGN and DATA).' })
  estimateScale: BacklogEstimateScale;

  @Field(() => [String], { description: 'The estimates the scale accepts, smallest first (null, "not estimated", is always accepted).' })
  estimateValues: string[];

  @Field(() => Date, { nullable: true, description: 'When the settings were last changed; null while the track has its defaults.' })
  updatedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who last changed them (actor id); null while the track has its defaults.' })
  updatedBy: string | null;
}
