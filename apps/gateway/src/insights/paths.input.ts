import { Field, InputType, Int } from '@nestjs/graphql';
import type { PathDirection } from '@fulcrum/contracts';
import { FROM_DESCRIPTION, PropertyFilterInput, TO_DESCRIPTION } from './insight-common.input';
import { PathDirectionEnum } from './paths.enums';

@InputType({ description: 'A paths question: what persons do right after (or right before) an anchor event, within a session (docs/metrics.md "Paths").' })
export class PathsInput {
  @Field({ description: 'The anchor event: each occurrence of it that matches `anchorFilters` starts one path.' })
  event: string;

  @Field(() => [PropertyFilterInput], { nullable: true, description: 'Conditions on the anchor occurrences only (the steps may be any event).' })
  anchorFilters?: PropertyFilterInput[] | null;

  @Field(() => PathDirectionEnum, { nullable: true, description: 'NEXT (default) or PREVIOUS.' })
  direction?: PathDirection | null;

  @Field(() => Int, { description: 'How many steps to follow from the anchor, 1-10.' })
  depth: number;

  @Field(() => Int, {
    nullable: true,
    description: 'A session ends where two consecutive events of a person are MORE than this many minutes apart (a gap of exactly this long stays in the session). Default 30, 1-1440.',
  })
  sessionGapMinutes?: number | null;

  @Field({ description: FROM_DESCRIPTION })
  from: string;

  @Field({ description: TO_DESCRIPTION })
  to: string;

  @Field(() => [PropertyFilterInput], { nullable: true, description: 'Which events take part at all (anchors and steps alike); all must hold.' })
  filters?: PropertyFilterInput[] | null;

  @Field(() => [String], { nullable: true, description: 'Event names that never take part, as if they had not happened (at most 100; not the anchor).' })
  excludeEvents?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Keep the top N targets per source node by paths (ties by name). Default 10, 1-50.' })
  fanout?: number | null;
}
