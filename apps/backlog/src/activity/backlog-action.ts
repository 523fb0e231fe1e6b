/**
 * Every action the backlog records as activity and puts on the governance audit trail (dotted
 * lowercase, as the AUDIT stream's schema requires). One list, so history readers and the trail
 * speak the same words.
 */
export const BACKLOG_ACTIONS = [
  'item.created',
  'item.edited',
  'item.state-moved',
  'item.ranked',
  'item.accepted',
  'item.acceptance-overridden',
  'link.added',
  'link.removed',
  'evidence.attached',
  'evidence.withdrawn',
  'metric.defined',
  'metric.edited',
  'metric.evaluated',
  /** A track's estimate scale changed (project-level: no item). */
  'track.settings-changed',
] as const;
export type BacklogAction = (typeof BACKLOG_ACTIONS)[number];

/** Actions about one item: the ones `ItemActivityRecorder.record` takes. */
export type ItemAction = Exclude<BacklogAction, 'track.settings-changed'>;

export function isBacklogAction(value: unknown): value is BacklogAction {
  return typeof value === 'string' && (BACKLOG_ACTIONS as readonly string[]).includes(value);
}
