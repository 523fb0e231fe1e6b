import { type Static, Type } from '@sinclair/typebox';
import { closedObject, uuid } from '../json-schema/json-schema.builders';
import type { BacklogItemKind, BacklogItemState, BacklogLinkType, BacklogTrack } from './backlog.enums';
import { expectedVersion, linkType } from './backlog.fields';

/** A typed, directed link between two items of one project. */
export interface BacklogLinkDto {
  id: string;
  projectId: string;
  fromItemId: string;
  toItemId: string;
  type: BacklogLinkType;
  /** Ordering links (BLOCKS, INSTRUMENTS) read "from must be done before to". */
  ordersWork: boolean;
  createdAt: string;
  createdBy: string;
  /** Removed links are kept for history; null while the link is live. */
  removedAt: string | null;
  removedBy: string | null;
}

/**
 * Adds a link; it changes the `from` item (its version goes up, so send that item's
 * `expectedVersion`). Refused: a self-link or endpoints the type does not allow
 * (VALIDATION_FAILED), an item of another project (ITEM_NOT_FOUND), a live link of the same
 * (from, to, type) (CONFLICT), and an ordering link that would close a cycle of ordering links
 * (LINK_CYCLE, `details.cycle` = the item keys around it, first = last).
 */
export const addBacklogLinkRequestSchema = closedObject({
  projectId: uuid(),
  fromItemId: uuid(),
  toItemId: uuid(),
  type: linkType(),
  expectedVersion: expectedVersion(),
});
export type AddBacklogLinkRequest = Static<typeof addBacklogLinkRequestSchema>;

/** The link and the `from` item's new version. */
export interface BacklogLinkChangeReply {
  link: BacklogLinkDto;
  fromItemVersion: number;
}

/**
 * Removes a live link (the row is kept, marked removed); `expectedVersion` is the `from` item's,
 * whose version goes up. A link id unknown in the project, or already removed, is NOT_FOUND.
 */
export const removeBacklogLinkRequestSchema = closedObject({
  projectId: uuid(),
  linkId: uuid(),
  expectedVersion: expectedVersion(),
});
export type RemoveBacklogLinkRequest = Static<typeof removeBacklogLinkRequestSchema>;

/** The item at the other end of a link, as a list shows it. */
export interface BacklogLinkedItemDto {
  id: string;
  key: string;
  title: string;
  track: BacklogTrack;
  kind: BacklogItemKind;
  state: BacklogItemState;
}

export interface BacklogItemLinkDto {
  link: BacklogLinkDto;
  /** The `to` item of an outgoing link, the `from` item of an incoming one. */
  other: BacklogLinkedItemDto;
}

/** An item's links, oldest first; live ones only unless `includeRemoved`. */
export const listBacklogLinksRequestSchema = closedObject({
  projectId: uuid(),
  itemId: uuid(),
  includeRemoved: Type.Optional(Type.Boolean()),
});
export type ListBacklogLinksRequest = Static<typeof listBacklogLinksRequestSchema>;
export interface ListBacklogLinksReply {
  outgoing: BacklogItemLinkDto[];
  incoming: BacklogItemLinkDto[];
}
