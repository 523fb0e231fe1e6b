/**
 * The backlog's closed vocabularies. The literal lists are the single source for the domain; the
 * contracts' payload schemas copy them, as contracts import nothing from apps.
 */

/** One backlog, four tracks: the balanced team works in one list, each discipline on its track. */
export const TRACKS = ['PRODUCT', 'DESIGN', 'ENGINEERING', 'DATA'] as const;
export type Track = (typeof TRACKS)[number];

export const ITEM_KINDS = ['FEATURE', 'BUG', 'CHORE', 'SPIKE', 'HYPOTHESIS', 'RESEARCH', 'INSTRUMENTATION', 'ANALYSIS'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Pivotal Tracker's states plus ARCHIVED (items never vanish); moves are in item-state.machine.ts. */
export const ITEM_STATES = ['ICEBOX', 'BACKLOG', 'STARTED', 'FINISHED', 'DELIVERED', 'ACCEPTED', 'REJECTED', 'ARCHIVED'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

/** Typed, directed links; which of them order work is in link-type.catalog.ts. */
export const LINK_TYPES = ['BLOCKS', 'IMPLEMENTS', 'INFORMS', 'INSTRUMENTS', 'VALIDATES', 'DUPLICATES', 'RELATES_TO'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

/** Each project picks a scale per track; values and weights are in estimate.scale.ts. */
export const ESTIMATE_SCALES = ['FIBONACCI', 'TSHIRT', 'NONE'] as const;
export type EstimateScale = (typeof ESTIMATE_SCALES)[number];

// Guards for values that crossed a wire or came out of a database column typed as text.
const member =
  <T extends string>(list: readonly T[]) =>
  (value: unknown): value is T =>
    typeof value === 'string' && (list as readonly string[]).includes(value);

export const isTrack = member(TRACKS);
export const isItemKind = member(ITEM_KINDS);
export const isItemState = member(ITEM_STATES);
export const isLinkType = member(LINK_TYPES);
export const isEstimateScale = member(ESTIMATE_SCALES);
