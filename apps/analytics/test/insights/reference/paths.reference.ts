/**
 * Brute-force reference of the paths insight, written from docs/metrics.md "Paths" and NOT from
 * the engine's SQL: walk each person's events in order, cut sessions, follow every anchor
 * occurrence step by step, count every node, then build the tree level by level keeping the top
 * `fanout` children of each kept node.
 */
import type { DateRange, PathEdgeDto, PathsQuery, PathsResultDto } from '@fulcrum/contracts';
import type { TestEvent } from '../support/insight-test-db';
import { type RefEvent, asOf, byTimeThenId, localParts, matchesFilters, normalise, personOf, personProperties } from './common.reference';

/** The instant of a local calendar day's midnight in a time zone (found by trying every offset). */
export function localMidnight(ymd: string, timeZone: string): number {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const base = Date.UTC(y, m - 1, d);
  for (let offMin = 14 * 60; offMin >= -14 * 60; offMin -= 15) {
    const t = base - offMin * 60_000;
    const p = localParts(new Date(t).toISOString(), timeZone);
    if (p.y === y && p.m === m && p.d === d && p.h === 0 && p.min === 0) return t;
  }
  throw new Error(`no local midnight for ${ymd} in ${timeZone}`);
}

/** A date range → [from, to) epoch ms (date-only bounds are local days, `to` day included). */
export function rangeOf(range: DateRange, timeZone: string): { from: number; to: number } {
  const bound = (b: string, end: boolean): number => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(b)) return Date.parse(b);
    if (!end) return localMidnight(b, timeZone);
    const next = new Date(`${b}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return localMidnight(next.toISOString().slice(0, 10), timeZone);
  };
  return { from: bound(range.from, false), to: bound(range.to, true) };
}

interface NodeCount {
  paths: number;
  persons: Set<string>;
}

export function referencePaths(events: readonly TestEvent[], query: PathsQuery, options: { version: number; timeZone: string }): PathsResultDto {
  const all = normalise(events);
  const known = asOf(all, options.version);
  const props = personProperties(all, options.version);
  const { from, to } = rangeOf(query.dateRange, options.timeZone);
  const exclude = new Set(query.excludeEvents ?? []);
  const gapMs = (query.sessionGapMinutes ?? 30) * 60_000;
  const depth = query.depth;
  const next = (query.direction ?? 'NEXT') === 'NEXT';

  // 1. The events that take part, per person, in (timestamp, id) order.
  const byPerson = new Map<string, RefEvent[]>();
  for (const e of known) {
    const t = Date.parse(e.timestamp);
    if (t < from || t >= to || exclude.has(e.event)) continue;
    const person = personOf(e, options.version);
    if (!matchesFilters(e, query.filters, person, props)) continue;
    byPerson.set(person, [...(byPerson.get(person) ?? []), e]);
  }

  // 2. Sessions, anchors and the count of every node (a node = the steps from the anchor).
  const nodes = new Map<string, NodeCount>();
  let anchorPaths = 0;
  const anchorPersons = new Set<string>();
  for (const [person, list] of byPerson) {
    list.sort(byTimeThenId);
    const sessions: RefEvent[][] = [];
    for (const e of list) {
      const current = sessions[sessions.length - 1];
      const last = current?.[current.length - 1];
      if (current && last && Date.parse(e.timestamp) - Date.parse(last.timestamp) <= gapMs) current.push(e);
      else sessions.push([e]);
    }
    for (const session of sessions) {
      session.forEach((e, i) => {
        if (e.event !== query.event || !matchesFilters(e, query.anchorFilters, person, props)) return;
        anchorPaths += 1;
        anchorPersons.add(person);
        const steps = next ? session.slice(i + 1, i + 1 + depth) : session.slice(Math.max(0, i - depth), i).reverse();
        for (let d = 1; d <= steps.length; d += 1) {
          const key = JSON.stringify(steps.slice(0, d).map((s) => s.event));
          const n = nodes.get(key) ?? { paths: 0, persons: new Set<string>() };
          n.paths += 1;
          n.persons.add(person);
          nodes.set(key, n);
        }
      });
    }
  }

  // 3. The tree, level by level: children of each kept node, top `fanout` by paths then name.
  const fanout = query.fanout ?? 10;
  const edges: PathEdgeDto[] = [];
  let truncated = false;
  let level: string[][] = [[]];
  for (let d = 1; d <= depth; d += 1) {
    const nextLevel: string[][] = [];
    for (const source of level) {
      const children = [...nodes.entries()]
        .map(([key, n]) => ({ steps: JSON.parse(key) as string[], n }))
        .filter((c) => c.steps.length === d && source.every((s, i) => c.steps[i] === s))
        .map((c) => ({ ...c, target: String(c.steps[d - 1]) }))
        .sort((a, b) => b.n.paths - a.n.paths || (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
      if (children.length > fanout) truncated = true;
      for (const c of children.slice(0, fanout)) {
        edges.push({ depth: d, source: [query.event, ...source], target: c.target, paths: c.n.paths, persons: c.n.persons.size });
        nextLevel.push(c.steps);
      }
    }
    level = nextLevel;
  }
  return { anchor: { event: query.event, paths: anchorPaths, persons: anchorPersons.size }, edges, truncated };
}
