import type { ItemKind, ItemState, Track } from '../domain/backlog.vocabulary';

/** An item row locked (SELECT … FOR UPDATE) in the current transaction, at its checked version. */
export interface LockedItem {
  id: string;
  projectId: string;
  /** `<PROJECT-KEY>-<number>`. */
  key: string;
  number: number;
  track: Track;
  kind: ItemKind;
  state: ItemState;
  version: number;
  deliveredAt: Date | null;
}
