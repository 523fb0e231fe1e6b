/**
 * The backlog's closed vocabularies as the wire knows them (the backlog service's domain keeps the
 * same lists; a spec there checks they agree), its limits and page sizes.
 */
export const BACKLOG_TRACKS = ['PRODUCT', 'DESIGN', 'ENGINEERING', 'DATA'] as const;
export type BacklogTrack = (typeof BACKLOG_TRACKS)[number];

export const BACKLOG_ITEM_KINDS = ['FEATURE', 'BUG', 'CHORE', 'SPIKE', 'HYPOTHESIS', 'RESEARCH', 'INSTRUMENTATION', 'ANALYSIS'] as const;
export type BacklogItemKind = (typeof BACKLOG_ITEM_KINDS)[number];

/** Pivotal Tracker's states plus ARCHIVED; the allowed moves are the service's state machine (INVALID_TRANSITION names them). */
export const BACKLOG_ITEM_STATES = ['ICEBOX', 'BACKLOG', 'STARTED', 'FINISHED', 'DELIVERED', 'ACCEPTED', 'REJECTED', 'ARCHIVED'] as const;
export type BacklogItemState = (typeof BACKLOG_ITEM_STATES)[number];

/** States a new item may start in (default ICEBOX). */
export const BACKLOG_INITIAL_STATES = ['ICEBOX', 'BACKLOG'] as const;
export type BacklogInitialState = (typeof BACKLOG_INITIAL_STATES)[number];

/** BLOCKS and INSTRUMENTS order work (from must be done before to); the others do not. */
export const BACKLOG_LINK_TYPES = ['BLOCKS', 'IMPLEMENTS', 'INFORMS', 'INSTRUMENTS', 'VALIDATES', 'DUPLICATES', 'RELATES_TO'] as const;
export type BacklogLinkType = (typeof BACKLOG_LINK_TYPES)[number];

/** FIBONACCI: 0 1 2 3 5 8 13 21; TSHIRT: XS S M L XL; NONE: no estimates. */
export const BACKLOG_ESTIMATE_SCALES = ['FIBONACCI', 'TSHIRT', 'NONE'] as const;
export type BacklogEstimateScale = (typeof BACKLOG_ESTIMATE_SCALES)[number];

export const BACKLOG_GRAPH_DIRECTIONS = ['UPSTREAM', 'DOWNSTREAM', 'BOTH'] as const;
export type BacklogGraphDirection = (typeof BACKLOG_GRAPH_DIRECTIONS)[number];

export const BACKLOG_HISTORY_ORDERS = ['NEWEST_FIRST', 'OLDEST_FIRST'] as const;
export type BacklogHistoryOrder = (typeof BACKLOG_HISTORY_ORDERS)[number];

export const BACKLOG_LIMITS = {
  /** Characters of a title (after trimming; it may not be blank). */
  maxTitleLength: 300,
  /** UTF-8 bytes of a description (Markdown, stored exactly as sent). */
  maxDescriptionBytes: 65_536,
  maxOwners: 20,
  maxLabels: 20,
  /** Characters of a label (labels are trimmed and lower-cased; duplicates after that count once). */
  maxLabelLength: 50,
  maxEstimateLength: 10,
  /** Characters of the board's text filter. */
  maxSearchTextLength: 200,
  maxOverrideReasonLength: 2_000,
  /** Roots of one dependency-view request. */
  maxGraphRoots: 200,
  graphDepth: { default: 3, min: 1, max: 10 },
  graphNodes: { default: 2_000, max: 5_000 },
} as const;

export const BACKLOG_PAGES = {
  board: { default: 50, max: 200 },
  history: { default: 50, max: 200 },
} as const;
