import { Field, ID, InputType, Int } from '@nestjs/graphql';
import type { BacklogEstimateScale, BacklogInitialState, BacklogItemKind, BacklogItemState, BacklogTrack } from '@fulcrum/contracts';
import { BacklogEstimateScaleEnum, BacklogInitialStateEnum, BacklogItemKindEnum, BacklogItemStateEnum, BacklogTrackEnum } from './backlog.enums';
import { MARKDOWN_AS_STORED } from './backlog-items.model';

/** Doc text of every `expectedVersion`. */
export const EXPECTED_VERSION_DESCRIPTION =
  "The item's `version` as last read. A stale one is CONFLICT with the current version in `extensions.details.currentVersion`: read the item again and retry.";

const OWNERS_DESCRIPTION = 'User ids of the owners, at most 20: each must be a member of the project (VALIDATION_FAILED naming the others).';
const LABELS_DESCRIPTION = 'Labels, at most 20 of 1-50 characters (trimmed and lower-cased; duplicates count once).';

@InputType({ description: 'A new item, created at the bottom of its track.' })
export class CreateBacklogItemInput {
  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => BacklogTrackEnum, { description: 'The track (cannot change later).' })
  track: BacklogTrack;

  @Field(() => BacklogItemKindEnum, { description: 'The kind of work.' })
  kind: BacklogItemKind;

  @Field({ description: 'Title, 1-300 characters (not blank).' })
  title: string;

  @Field(() => String, { nullable: true, description: `Description, at most 64 KiB of UTF-8 (default empty). ${MARKDOWN_AS_STORED}` })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "A value of the track's estimate scale; omitted or null: not estimated." })
  estimate?: string | null;

  @Field(() => [ID], { nullable: true, description: OWNERS_DESCRIPTION })
  owners?: string[] | null;

  @Field(() => [String], { nullable: true, description: LABELS_DESCRIPTION })
  labels?: string[] | null;

  @Field(() => BacklogInitialStateEnum, { nullable: true, description: 'ICEBOX (default) or BACKLOG.' })
  state?: BacklogInitialState | null;
}

@InputType({ description: 'Changes to an item: only the fields given change (at least one).' })
export class UpdateBacklogItemInput {
  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => ID, { description: 'The item.' })
  itemId: string;

  @Field(() => Int, { description: EXPECTED_VERSION_DESCRIPTION })
  expectedVersion: number;

  @Field(() => String, { nullable: true, description: 'New title, 1-300 characters.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: `New description, at most 64 KiB. ${MARKDOWN_AS_STORED}` })
  description?: string | null;

  @Field(() => BacklogItemKindEnum, { nullable: true, description: 'New kind.' })
  kind?: BacklogItemKind | null;

  @Field(() => String, {
    nullable: true,
    description: "New estimate on the track's scale. An explicit null clears the estimate; leaving the field out keeps it.",
  })
  estimate?: string | null;

  @Field(() => [ID], { nullable: true, description: `The new owners (replace the list; [] for none). ${OWNERS_DESCRIPTION}` })
  owners?: string[] | null;

  @Field(() => [String], { nullable: true, description: `The new labels (replace the list; [] for none). ${LABELS_DESCRIPTION}` })
  labels?: string[] | null;
}

@InputType({ description: 'A state move other than acceptance and rejection.' })
export class MoveBacklogItemInput {
  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => ID, { description: 'The item.' })
  itemId: string;

  @Field(() => Int, { description: EXPECTED_VERSION_DESCRIPTION })
  expectedVersion: number;

  @Field(() => BacklogItemStateEnum, {
    description:
      'The new state. ACCEPTED and REJECTED are refused here (VALIDATION_FAILED): use acceptBacklogItem and rejectBacklogItem. A move the state machine does not allow is INVALID_TRANSITION with `extensions.details.allowed`.',
  })
  state: BacklogItemState;
}

@InputType({ description: 'Acceptance of a delivered item.' })
export class AcceptBacklogItemInput {
  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => ID, { description: 'The item.' })
  itemId: string;

  @Field(() => Int, { description: EXPECTED_VERSION_DESCRIPTION })
  expectedVersion: number;

  @Field(() => String, {
    nullable: true,
    description:
      "Accept although the success metrics are not all MET (1-2,000 characters): recorded with the acceptance and on the audit trail. Without it, an item whose metrics' latest evaluations are not all MET is ACCEPTANCE_BLOCKED with the metrics in `extensions.details.metrics`.",
  })
  overrideReason?: string | null;
}

@InputType({ description: 'Rejection of a delivered item (it may be STARTED again).' })
export class RejectBacklogItemInput {
  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => ID, { description: 'The item.' })
  itemId: string;

  @Field(() => Int, { description: EXPECTED_VERSION_DESCRIPTION })
  expectedVersion: number;
}

@InputType({ description: 'A new place for an item in its track: directly before or directly after another item of the same track (exactly one of them).' })
export class RankBacklogItemInput {
  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => ID, { description: 'The item to move.' })
  itemId: string;

  @Field(() => Int, { description: EXPECTED_VERSION_DESCRIPTION })
  expectedVersion: number;

  @Field(() => ID, { nullable: true, description: 'Place it directly before this item.' })
  before?: string | null;

  @Field(() => ID, { nullable: true, description: 'Place it directly after this item.' })
  after?: string | null;
}

@InputType({ description: 'Which items of the track a board shows; every condition given must hold.' })
export class BacklogBoardFilter {
  @Field(() => [BacklogItemStateEnum], { nullable: true, description: 'Items in any of these states.' })
  states?: BacklogItemState[] | null;

  @Field(() => [BacklogItemKindEnum], { nullable: true, description: 'Items of any of these kinds.' })
  kinds?: BacklogItemKind[] | null;

  @Field(() => String, { nullable: true, description: 'Items carrying this label (compared in lower case).' })
  label?: string | null;

  @Field(() => ID, { nullable: true, description: 'Items owned by this user.' })
  owner?: string | null;

  @Field(() => String, { nullable: true, description: 'Items whose title or description contains this text (case-insensitive, 1-200 characters).' })
  text?: string | null;
}

@InputType({ description: "A track's estimate scale in a project." })
export class SetBacklogTrackEstimateScaleInput {
  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => BacklogTrackEnum, { description: 'The track.' })
  track: BacklogTrack;

  @Field(() => BacklogEstimateScaleEnum, {
    description: 'The new scale. Refused (VALIDATION_FAILED, the items in `extensions.details.items`) while items of the track have estimates the new scale lacks.',
  })
  estimateScale: BacklogEstimateScale;
}
