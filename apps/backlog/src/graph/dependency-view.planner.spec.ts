import fc from 'fast-check';
import { ITEM_STATES, LINK_TYPES, TRACKS, type ItemState, type LinkType, type Track } from '../domain/backlog.vocabulary';
import { type DependencyViewPlan, VIEW_VOCABULARY as words, planDependencyView } from './dependency-view.planner';
import { type ItemFacts, ProjectGraphState } from './project-graph.state';

// The reference knows the rules by heart, not through the catalog, the state machine or the analysis.
const ORDERING: readonly LinkType[] = ['BLOCKS', 'INSTRUMENTS'];
const refOpen = (state: ItemState) => !['FINISHED', 'DELIVERED', 'ACCEPTED', 'ARCHIVED'].includes(state);

interface Scenario {
  items: Array<{ id: string; track: Track; state: ItemState; estimate: string | null }>;
  links: Array<{ id: string; from: string; to: string; type: LinkType; at: number }>;
  starts: string[];
  depth: number;
  limit: number;
  direction: 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH';
}

// Ids chosen so that id order (UTF-16 code units), case order and the order of creation disagree.
const ID_POOL = ['a', 'b', 'B', 'c', 'a1', 'a10', 'a2', 'Z', 'item-3', 'item-20', 'x', 'Y', 'm', 'M'];
const ids = (n: number) => ID_POOL.slice(0, n);
/** Fibonacci points on the pointed tracks (PRODUCT, ENGINEERING: FIBONACCI by default), none elsewhere. */
const POINTS = [null, '0', '1', '3', '8'] as const;

/** Ordering links point forward in a shuffled order (acyclic); other links go anywhere. */
const scenario: fc.Arbitrary<Scenario> = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc
    .record({
      order: fc.shuffledSubarray(ids(n), { minLength: n, maxLength: n }),
      tracks: fc.array(fc.constantFrom(...TRACKS), { minLength: n, maxLength: n }),
      states: fc.array(fc.constantFrom(...ITEM_STATES), { minLength: n, maxLength: n }),
      points: fc.array(fc.constantFrom(...POINTS), { minLength: n, maxLength: n }),
      links: fc.array(fc.record({ a: fc.nat(n - 1), b: fc.nat(n - 1), type: fc.constantFrom(...LINK_TYPES), at: fc.nat(5) }), { maxLength: 3 * n }),
      starts: fc.uniqueArray(fc.nat(n - 1), { minLength: 1, maxLength: 3 }),
      depth: fc.integer({ min: 1, max: 4 }),
      limit: fc.integer({ min: 1, max: 16 }),
      direction: fc.constantFrom('UPSTREAM' as const, 'DOWNSTREAM' as const, 'BOTH' as const),
    })
    .map(({ order, tracks, states, points, links, starts, depth, limit, direction }) => {
      const items = ids(n).map((id, i) => ({ id, track: tracks[i], state: states[i], estimate: tracks[i] === 'PRODUCT' || tracks[i] === 'ENGINEERING' ? points[i] : null }));
      const seen = new Set<string>();
      const kept: Scenario['links'] = [];
      links.forEach(({ a, b, type, at }, k) => {
        if (a === b) return;
        const [x, y] = ORDERING.includes(type) ? [Math.min(a, b), Math.max(a, b)] : [a, b];
        const key = `${order[x]}>${order[y]}:${type}`;
        if (seen.has(key)) return;
        seen.add(key);
        kept.push({ id: `l${String(k).padStart(2, '0')}`, from: order[x], to: order[y], type, at });
      });
      return { items, links: kept, starts: starts.map((s) => ids(n)[s]), depth, limit, direction };
    }),
);

function stateOf(s: Scenario): ProjectGraphState {
  const state = new ProjectGraphState();
  s.items.forEach((item, i) => state.putItem({ ...item, number: i + 1, kind: 'FEATURE' }));
  // As the cache loads them: in creation order.
  for (const l of [...s.links].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))) state.addLink({ id: l.id, from: l.from, to: l.to, type: l.type, createdAtMicros: l.at });
  return state;
}

function reference(s: Scenario) {
  const open = (id: string) => refOpen((s.items.find((i) => i.id === id) as Scenario['items'][number]).state);
  const preds = (id: string) => [...new Set(s.links.filter((l) => ORDERING.includes(l.type) && l.to === id).map((l) => l.from))];
  // Breadth first, level by level; which nodes a truncated level keeps is the planner's choice, so only the size is compared then.
  const distance = new Map<string, number>();
  let frontier = s.starts.slice(0, s.limit);
  frontier.forEach((id) => distance.set(id, 0));
  let truncated = s.starts.length > s.limit;
  for (let d = 1; d <= s.depth && !truncated; d++) {
    const next: string[] = [];
    for (const l of s.links) {
      const ends: Array<[string, string]> = [];
      if (s.direction !== 'UPSTREAM') ends.push([l.from, l.to]);
      if (s.direction !== 'DOWNSTREAM') ends.push([l.to, l.from]);
      for (const [at, other] of ends) if (frontier.includes(at) && !distance.has(other) && !next.includes(other)) next.push(other);
    }
    for (const id of next) {
      if (distance.size >= s.limit) truncated = true;
      else distance.set(id, d);
    }
    frontier = next;
  }
  const nodeState = (id: string) => {
    const ancestors = new Set<string>();
    const stack = preds(id);
    while (stack.length > 0) {
      const p = stack.pop() as string;
      if (ancestors.has(p)) continue;
      ancestors.add(p);
      stack.push(...preds(p));
    }
    const directBlockers = preds(id).filter(open).sort();
    return { ready: directBlockers.length === 0, directBlockers, transitiveBlockerCount: [...ancestors].filter(open).length };
  };
  // Over the returned items: every chain of open ones along ordering links, by exhaustive enumeration
  // (heaviest first, then the smallest id sequence; an item weighs its points, unestimated 1).
  const viewOf = (shown: readonly string[]) => {
  const item = (id: string) => s.items.find((i) => i.id === id) as Scenario['items'][number];
  const weight = (id: string) => (item(id).estimate === null ? 1 : Number(item(id).estimate));
  let best: { path: string[]; weight: number } = { path: [], weight: 0 };
  const chains = shown.filter(open).map((id) => [id]);
  while (chains.length > 0) {
    const path = chains.pop() as string[];
    const total = path.reduce((sum, id) => sum + weight(id), 0);
    if (best.path.length === 0 || total > best.weight || (total === best.weight && compareSequences(path, best.path) < 0)) best = { path, weight: total };
    const last = path[path.length - 1];
    for (const l of s.links) if (ORDERING.includes(l.type) && l.from === last && shown.includes(l.to) && open(l.to)) chains.push([...path, l.to]);
  }
  // Returned open items with an open direct blocker (returned or not) on another track.
  const trackWaits: Array<{ waitingTrack: Track; onTrack: Track; items: number }> = [];
  for (const waitingTrack of TRACKS) {
    for (const onTrack of TRACKS) {
      if (waitingTrack === onTrack) continue;
      const items = shown.filter((id) => item(id).track === waitingTrack && open(id) && preds(id).some((p) => open(p) && item(p).track === onTrack)).length;
      if (items > 0) trackWaits.push({ waitingTrack, onTrack, items });
    }
  }
  return { criticalPath: best, trackWaits };
  };
  return { distance, truncated, nodeState, viewOf };
}

/** Lexicographic order of id sequences (a proper prefix comes first). */
function compareSequences(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length;
}

/** The plan's columns per returned item, by id (what the reply's expansion shows). */
function perItem(plan: DependencyViewPlan) {
  const n = plan.nodes.count;
  const ids = plan.items.ids.slice(0, n);
  const nodeState = new Map<string, { ready: boolean; directBlockers: string[]; transitiveBlockerCount: number }>();
  let at = 0;
  ids.forEach((id, v) => {
    const directBlockers = plan.nodes.blockers.slice(at, (at += plan.nodes.blockerCounts[v])).map((b) => plan.items.ids[b]);
    nodeState.set(id, { ready: directBlockers.length === 0, directBlockers, transitiveBlockerCount: plan.nodes.transitiveBlockerCounts[v] });
  });
  expect(at).toBe(plan.nodes.blockers.length);
  return { ids, distance: new Map(ids.map((id, v) => [id, plan.nodes.distances[v]])), nodeState };
}

describe('planDependencyView (in memory) against a brute-force reference', () => {
  it('returns the breadth-first neighbourhood, readiness over all ancestors, and the links among the returned items in creation order', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const plan = planDependencyView(stateOf(s), {
          starts: s.starts,
          depth: s.depth,
          limit: s.limit,
          outgoing: s.direction !== 'UPSTREAM',
          incoming: s.direction !== 'DOWNSTREAM',
        });
        const ref = reference(s);
        const got = perItem(plan);
        expect(plan.truncated).toBe(ref.truncated);
        expect(plan.missingStart).toBeNull();
        if (!ref.truncated) expect(got.distance).toEqual(ref.distance);
        else expect(got.ids).toHaveLength(s.limit);
        // Nearest first.
        expect(plan.nodes.distances).toEqual([...plan.nodes.distances].sort((a, b) => a - b));
        for (const id of got.ids) expect(got.nodeState.get(id)).toEqual(ref.nodeState(id));
        // The facts of each returned item, as the state has them; blockers not returned named after the returned items.
        got.ids.forEach((id, v) => {
          const item = s.items.find((i) => i.id === id) as Scenario['items'][number];
          expect([plan.items.numbers[v], words.tracks[plan.nodes.tracks[v]], words.kinds[plan.nodes.kinds[v]], words.states[plan.nodes.states[v]], plan.nodes.estimates[v]]).toEqual([
            s.items.indexOf(item) + 1,
            item.track,
            'FEATURE',
            item.state,
            item.estimate,
          ]);
        });
        expect(new Set(plan.items.ids).size).toBe(plan.items.ids.length);
        plan.items.ids.slice(plan.nodes.count).forEach((id, k) => expect(plan.items.numbers[plan.nodes.count + k]).toBe(ids(s.items.length).indexOf(id) + 1));
        const shown = new Set(got.ids);
        const expected = s.links.filter((l) => shown.has(l.from) && shown.has(l.to)).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
        expect(plan.edges.linkIds).toEqual(expected.map((l) => l.id));
        expect(plan.edges.linkIds.map((_, e) => [got.ids[plan.edges.from[e]], got.ids[plan.edges.to[e]], words.linkTypes[plan.edges.types[e]], words.linkTypeOrdersWork[plan.edges.types[e]]])).toEqual(
          expected.map((l) => [l.from, l.to, l.type, ORDERING.includes(l.type)]),
        );
        // Over the items returned (which ones a truncated level keeps is the planner's choice).
        const view = ref.viewOf(got.ids);
        expect({ path: plan.criticalPath.items.map((v) => got.ids[v]), weight: plan.criticalPath.totalWeight }).toEqual(view.criticalPath);
        expect(plan.trackWaits).toEqual(view.trackWaits);
      }),
      { numRuns: 300 },
    );
  });

  it('breaks critical-path ties by the smallest id sequence (UTF-16 order), preferring to stop on zero weights', () => {
    const state = new ProjectGraphState();
    const put = (id: string, number: number, estimate: string | null = null) => state.putItem({ id, number, track: 'PRODUCT', kind: 'FEATURE', state: 'BACKLOG', estimate });
    put('a', 1);
    put('b', 2);
    put('B', 3);
    put('z', 4, '0');
    let at = 0;
    const link = (from: string, to: string) => state.addLink({ id: `l${at}`, from, to, type: 'BLOCKS', createdAtMicros: at++ });
    link('a', 'b');
    link('a', 'B');
    link('b', 'z');
    const plan = planDependencyView(state, { starts: ['a'], depth: 3, limit: 10, outgoing: true, incoming: true });
    const ids = plan.items.ids;
    // a → b → z and a → B weigh 2 alike (z weighs 0): 'B' < 'b', and a chain is smaller than its extensions.
    expect({ path: plan.criticalPath.items.map((v) => ids[v]), weight: plan.criticalPath.totalWeight }).toEqual({ path: ['a', 'B'], weight: 2 });
  });

  it('names a start the project does not have instead of answering', () => {
    const state = new ProjectGraphState();
    state.putItem({ id: 'a', number: 1, track: 'PRODUCT', kind: 'FEATURE', state: 'ICEBOX', estimate: null });
    const plan = planDependencyView(state, { starts: ['a', 'zz'], depth: 3, limit: 10, outgoing: true, incoming: true });
    expect(plan.missingStart).toBe('zz');
    expect(plan.nodes.count).toBe(0);
    expect(plan.items.ids).toEqual([]);
  });
});

describe('ProjectGraphState', () => {
  const item = (id: string, track: Track = 'PRODUCT') => ({ id, number: Number(id.slice(1)), track, kind: 'FEATURE' as const, state: 'BACKLOG' as const, estimate: null });

  it('keeps an ordering edge while a second ordering type still orders the pair, and drops it with the last', () => {
    const state = new ProjectGraphState();
    state.putItem(item('i1', 'DATA'));
    state.putItem(item('i2'));
    state.addLink({ id: 'l1', from: 'i1', to: 'i2', type: 'BLOCKS', createdAtMicros: 1 });
    state.addLink({ id: 'l2', from: 'i1', to: 'i2', type: 'INSTRUMENTS', createdAtMicros: 2 });
    state.addLink({ id: 'l3', from: 'i2', to: 'i1', type: 'RELATES_TO', createdAtMicros: 3 });
    state.removeLink('l1');
    expect(state.ordering.hasEdge('i1', 'i2')).toBe(true);
    expect(state.ordering.cycleIfAdded('i2', 'i1')).toEqual(['i2', 'i1', 'i2']);
    state.removeLink('l2');
    expect(state.ordering.hasEdge('i1', 'i2')).toBe(false);
    expect(state.outgoing('i2').map((l) => l.id)).toEqual(['l3']);
    expect(state.incomingAt(state.positionOf('i2') as number)).toEqual([]);
    expect(state.linkCount).toBe(1);
  });

  it('weighs estimates on the track scale, and an estimate the scale lacks as unestimated', () => {
    const state = new ProjectGraphState();
    const pointed = { ...item('i1', 'ENGINEERING'), estimate: '8' };
    state.putItem(pointed);
    expect(state.weightOf(pointed)).toBe(8);
    state.setScale('ENGINEERING', 'TSHIRT');
    expect(state.weightOf(pointed)).toBe(1);
    state.changeItem('i1', { estimate: 'XL' });
    expect(state.weightOf(state.item('i1') as ItemFacts)).toBe(8);
    expect(() => state.changeItem('nope', { state: 'STARTED' })).toThrow(/not in the project/);
  });
});
