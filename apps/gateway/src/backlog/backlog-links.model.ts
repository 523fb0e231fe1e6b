import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { BacklogItemKind, BacklogItemState, BacklogLinkType, BacklogTrack } from '@fulcrum/contracts';
import { BacklogItemKindEnum, BacklogItemStateEnum, BacklogLinkTypeEnum, BacklogTrackEnum } from './backlog.enums';

@ObjectType({ description: 'A typed, directed link `from → to` between two items of one project. Removed links are kept for history.' })
export class BacklogLink {
  @Field(() => ID, { description: 'Link id.' })
  id: string;

  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => ID, { description: 'The item the link goes out of.' })
  fromItemId: string;

  @Field(() => ID, { description: 'The item the link points at.' })
  toItemId: string;

  @Field(() => BacklogLinkTypeEnum, { description: 'The type.' })
  type: BacklogLinkType;

  @Field({ description: 'True for types that order work (BLOCKS, INSTRUMENTS): from must be done before to.' })
  ordersWork: boolean;

  @Field({ description: 'When it was added (UTC).' })
  createdAt: Date;

  @Field({ description: 'Who added it (actor id).' })
  createdBy: string;

  @Field(() => Date, { nullable: true, description: 'When it was removed; null while the link is live.' })
  removedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who removed it (actor id); null while the link is live.' })
  removedBy: string | null;
}

@ObjectType({ description: 'A link added or removed, and the new version of its `from` item (a link is a change of that item).' })
export class BacklogLinkChange {
  @Field(() => BacklogLink, { description: 'The link.' })
  link: BacklogLink;

  @Field(() => Int, { description: "The `from` item's version after the change: its next `expectedVersion`." })
  fromItemVersion: number;
}

@ObjectType({ description: 'The item at the other end of a link, as a list shows it.' })
export class BacklogLinkedItem {
  @Field(() => ID, { description: 'Item id.' })
  id: string;

  @Field({ description: 'Item key, e.g. `SHOP-42`.' })
  key: string;

  @Field({ description: 'Title.' })
  title: string;

  @Field(() => BacklogTrackEnum, { description: 'Track.' })
  track: BacklogTrack;

  @Field(() => BacklogItemKindEnum, { description: 'Kind.' })
  kind: BacklogItemKind;

  @Field(() => BacklogItemStateEnum, { description: 'State.' })
  state: BacklogItemState;
}

@ObjectType({ description: 'A link of an item and the item at its other end.' })
export class BacklogItemLink {
  @Field(() => BacklogLink, { description: 'The link.' })
  link: BacklogLink;

  @Field(() => BacklogLinkedItem, { description: 'The `to` item of an outgoing link, the `from` item of an incoming one.' })
  other: BacklogLinkedItem;
}

@ObjectType({ description: "An item's links in both directions, oldest first." })
export class BacklogItemLinks {
  @Field(() => [BacklogItemLink], { description: 'Links from this item to others.' })
  outgoing: BacklogItemLink[];

  @Field(() => [BacklogItemLink], { description: 'Links from others to this item.' })
  incoming: BacklogItemLink[];
}

@ObjectType({ description: 'An item named by id and key.' })
export class BacklogItemRef {
  @Field(() => ID, { description: 'Item id.' })
  id: string;

  @Field({ description: 'Item key, e.g. `SHOP-42`.' })
  key: string;
}

@ObjectType({ description: 'One item of the dependency view and where it stands.' })
export class BacklogGraphNode {
  @Field(() => ID, { description: 'Item id.' })
  id: string;

  @Field({ description: 'Item key.' })
  key: string;

  @Field({ description: 'Title.' })
  title: string;

  @Field(() => BacklogTrackEnum, { description: 'Track.' })
  track: BacklogTrack;

  @Field(() => BacklogItemKindEnum, { description: 'Kind.' })
  kind: BacklogItemKind;

  @Field(() => BacklogItemStateEnum, { description: 'State.' })
  state: BacklogItemState;

  @Field(() => String, { nullable: true, description: 'Estimate on its track’s scale; null when not estimated.' })
  estimate: string | null;

  @Field(() => [ID], { description: 'User ids of the owners.' })
  owners: string[];

  @Field({ description: 'Ready to work on: every direct ordering predecessor is done (FINISHED, DELIVERED or ACCEPTED) or archived.' })
  ready: boolean;

  @Field(() => [BacklogItemRef], { description: 'The open items that block it directly (over ordering links), returned by the view or not.' })
  directBlockers: BacklogItemRef[];

  @Field(() => Int, { description: 'Distinct open items among all its ordering ancestors, also those the view does not return.' })
  transitiveBlockerCount: number;

  @Field(() => Int, { description: 'Hops from the nearest start item (0 for a start item).' })
  distance: number;
}

@ObjectType({ description: 'A live link between two returned items.' })
export class BacklogGraphEdge {
  @Field(() => ID, { description: 'Link id.' })
  linkId: string;

  @Field(() => ID, { description: 'The item it goes out of.' })
  fromItemId: string;

  @Field(() => ID, { description: 'The item it points at.' })
  toItemId: string;

  @Field(() => BacklogLinkTypeEnum, { description: 'Link type.' })
  type: BacklogLinkType;

  @Field({ description: 'True when the link orders work.' })
  ordersWork: boolean;
}

@ObjectType({ description: 'The heaviest chain of open returned items along ordering links.' })
export class BacklogCriticalPath {
  @Field(() => [BacklogItemRef], { description: 'The chain, first to be done first (empty when no open item is returned).' })
  items: BacklogItemRef[];

  @Field(() => Float, { description: "The chain's weight: the sum of its items' estimates on their tracks' scales (an unestimated item weighs 1)." })
  totalWeight: number;
}

@ObjectType({ description: 'How many open items of one track wait on another track ("engineering waits on data: 3").' })
export class BacklogTrackWait {
  @Field(() => BacklogTrackEnum, { description: 'The track whose items wait…' })
  waitingTrack: BacklogTrack;

  @Field(() => BacklogTrackEnum, { description: '…on an open direct ordering predecessor of this track.' })
  onTrack: BacklogTrack;

  @Field(() => Int, { description: 'How many returned open items of waitingTrack wait so.' })
  items: number;
}

@ObjectType({ description: 'The dependency view: a neighbourhood of items, its links, readiness, the critical path and the waits between tracks.' })
export class BacklogGraph {
  @Field(() => [BacklogGraphNode], { description: 'The items, nearest to the start first.' })
  nodes: BacklogGraphNode[];

  @Field(() => [BacklogGraphEdge], { description: 'Live links of every type between returned items.' })
  edges: BacklogGraphEdge[];

  @Field(() => BacklogCriticalPath, { description: 'The longest chain of open returned items by estimate (ties: the smallest id sequence).' })
  criticalPath: BacklogCriticalPath;

  @Field(() => [BacklogTrackWait], { description: 'Per pair of tracks, the returned open items of one that wait directly on the other.' })
  trackWaits: BacklogTrackWait[];

  @Field({ description: 'True when `nodeLimit` cut the neighbourhood short.' })
  truncated: boolean;
}
