/** The TypeScript names generated for one event: its track function and its properties type. */
export interface TrackNames {
  functionName: string;
  typeName: string;
}

/**
 * The PascalCase base of an event name: its ASCII letters and digits, split into words at every
 * other character (`Order Completed`, `order_completed`, `order-completed` → `OrderCompleted`,
 * `$pageview` → `Pageview`), each word's first letter upper-cased, the rest kept. A name with no
 * ASCII letter or digit (`🎉`, `注文`) has the base `Event`. The base is always a valid identifier
 * part; `track` before it and `Properties` after it make names that are never reserved words
 * (`constructor` → `trackConstructor`, `__proto__` → `trackProto`), nor one of the module's own
 * names (`SegmentLike`, `PosthogLike`, `TrackClient`, `TrackIdentity`, `sendTrack`).
 */
export function pascalBase(eventName: string): string {
  const words = eventName.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  if (words.length === 0) return 'Event';
  return words.map((word) => word[0].toUpperCase() + word.slice(1)).join('');
}

/**
 * Names every event deterministically, whatever the document order: events sharing a base are
 * sorted by their exact name (UTF-16 code units); the first keeps the base, the next ones get
 * `_2`, `_3`, … (`Order Completed` → `trackOrderCompleted`, `order_completed` →
 * `trackOrderCompleted_2`). A base never contains `_`, so a suffixed name never meets another
 * event's base. Answers the names in the order of `eventNames` (which must be distinct).
 */
export function trackNames(eventNames: readonly string[]): TrackNames[] {
  const byBase = new Map<string, string[]>();
  for (const name of eventNames) {
    const base = pascalBase(name);
    const group = byBase.get(base);
    if (group) group.push(name);
    else byBase.set(base, [name]);
  }
  const assigned = new Map<string, string>();
  for (const [base, group] of byBase) {
    const sorted = [...group].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    sorted.forEach((name, i) => {
      assigned.set(name, i === 0 ? base : `${base}_${i + 1}`);
    });
  }
  return eventNames.map((name) => {
    const unique = assigned.get(name) as string;
    return { functionName: `track${unique}`, typeName: `${unique}Properties` };
  });
}
