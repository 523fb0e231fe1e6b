import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { BACKLOG_LIMITS, type BacklogGraphDirection, type BacklogItemState, type BacklogLinkType, type BacklogTrack } from '@fulcrum/contracts';
import { BacklogGraphDirectionEnum, BacklogItemStateEnum, BacklogLinkTypeEnum, BacklogTrackEnum } from './backlog.enums';

@InputType({ description: 'A new link `from → to` (a change of the `from` item).' })
export class AddBacklogLinkInput {
  @Field(() => ID, { description: 'The project (both items must be in it).' })
  projectId: string;

  @Field(() => ID, { description: 'The item the link goes out of.' })
  fromItemId: string;

  @Field(() => ID, { description: 'The item it points at (not the same item).' })
  toItemId: string;

  @Field(() => BacklogLinkTypeEnum, {
    description:
      'The type. An ordering link (BLOCKS, INSTRUMENTS) that would close a cycle is LINK_CYCLE with the item keys around it in `extensions.details.cycle` (first = last); a live link of the same (from, to, type) is CONFLICT.',
  })
  type: BacklogLinkType;

  @Field(() => Int, { description: "The `from` item's `version` as last read (CONFLICT with `extensions.details.currentVersion` when stale)." })
  expectedVersion: number;
}

@InputType({ description: 'A live link to remove (it is kept in history, marked removed).' })
export class RemoveBacklogLinkInput {
  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => ID, { description: 'The link (NOT_FOUND when unknown in the project or already removed).' })
  linkId: string;

  @Field(() => Int, { description: "The link's `from` item's `version` as last read (CONFLICT with `extensions.details.currentVersion` when stale)." })
  expectedVersion: number;
}

@InputType({ description: 'Which neighbourhood the dependency view shows: start from `roots` or from every item of a `track` (exactly one).' })
export class BacklogGraphInput {
  @Field(() => [ID], { nullable: true, description: `Start items, 1-${BACKLOG_LIMITS.maxGraphRoots}.` })
  roots?: string[] | null;

  @Field(() => BacklogTrackEnum, { nullable: true, description: 'Start from every item of this track (optionally only those in `states`).' })
  track?: BacklogTrack | null;

  @Field(() => [BacklogItemStateEnum], { nullable: true, description: 'With `track`: only start items in these states.' })
  states?: BacklogItemState[] | null;

  @Field(() => Int, {
    nullable: true,
    description: `Links to follow from the start items: default ${BACKLOG_LIMITS.graphDepth.default}, ${BACKLOG_LIMITS.graphDepth.min}-${BACKLOG_LIMITS.graphDepth.max}.`,
  })
  depth?: number | null;

  @Field(() => BacklogGraphDirectionEnum, { nullable: true, description: 'UPSTREAM, DOWNSTREAM or BOTH (default).' })
  direction?: BacklogGraphDirection | null;

  @Field(() => Int, {
    nullable: true,
    description: `Most items returned, nearest first: default ${BACKLOG_LIMITS.graphNodes.default}, at most ${BACKLOG_LIMITS.graphNodes.max} (\`truncated\` says when it cut).`,
  })
  nodeLimit?: number | null;
}
