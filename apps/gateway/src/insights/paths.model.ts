import { Field, Int, ObjectType } from '@nestjs/graphql';
import { InsightEnvelope } from './insight-common.model';

@ObjectType({ description: 'The root of the path tree: the anchor occurrences in scope.' })
export class PathAnchor {
  @Field({ description: 'The anchor event name.' })
  event: string;

  @Field(() => Int, { description: 'Anchor occurrences in scope (each starts one path).' })
  paths: number;

  @Field(() => Int, { description: 'Distinct persons who did them.' })
  persons: number;
}

@ObjectType({ description: 'One edge of the path tree: from the node `source` to the node `[...source, target]`.' })
export class PathEdge {
  @Field(() => Int, { description: 'Steps from the anchor to `target`, 1..depth.' })
  depth: number;

  @Field(() => [String], {
    description: 'The node the edge leaves: the event names from the anchor to the step before `target`, anchor first (for PREVIOUS: the anchor, then the event before it, and so on going back). Its length is `depth`.',
  })
  source: string[];

  @Field({ description: 'The event name at step `depth`.' })
  target: string;

  @Field(() => Int, { description: 'Anchor occurrences whose path starts with `source` then `target`.' })
  paths: number;

  @Field(() => Int, { description: 'Distinct persons among those anchor occurrences.' })
  persons: number;
}

@ObjectType({ description: 'Paths from an anchor event as a tree (docs/metrics.md "Paths").' })
export class PathsResult extends InsightEnvelope {
  @Field(() => PathAnchor, { description: 'The root.' })
  anchor: PathAnchor;

  @Field(() => [PathEdge], {
    description: 'The kept edges, by depth, then by the order of their source node, then by paths descending, then by target ascending.',
  })
  edges: PathEdge[];

  @Field({ description: 'True when `fanout` cut at least one edge (and with it its whole subtree).' })
  truncated: boolean;
}
