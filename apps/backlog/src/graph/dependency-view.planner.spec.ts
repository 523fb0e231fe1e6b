import fc from 'fast-check';
import { ITEM_STATES, LINK_TYPES, TRACKS, type ItemState, type LinkType, type Track } from '../domain/backlog.vocabulary';
import { planDependencyView } from './dependency-view.planner';
import { type ItemFacts, ProjectGraphState } from './project-graph.state';

// The reference knows the rules by heart, not through the catalog, the state machine or the analysis.
const ORDERING: readonly LinkType[] = ['BLOCKS', 'INSTRUMENTS'];
const refOpen = (state: ItemState) => !['FINISHED', 'DELIVERED', 'ACCEPTED', 'ARCHIVED'].includes(state);

interface Scenario {
  items: Array<{ id: string; track: Track; state: ItemState }>;
  links: Array<{ id: string; from: string; to: string; type: LinkType; at: number }>;
  starts: string[];
  depth: number;
  limit: number;
  direction: 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH';
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `i${String(i).padStart(2, '0')}`);

/** Ordering links point forward in a shuffled order (acyclic); other links go anywhere. */
const scenario: fc.Arbitrary<Scenario> = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc
    .record({
      order: fc.shuffledSubarray(ids(n), { minLength: n, maxLength: n }),
      tracks: fc.array(fc.constantFrom(...TRACKS), { minLength: n, maxLength: n }),
      states: fc.array(fc.constantFrom(...ITEM_STATES), { minLength: n, maxLength: n }),
      links: fc.array(fc.record({ a: fc.nat(n - 1), b: fc.nat(n - 1), type: fc.constantFrom(...LINK_TYPES), at: fc.nat(5) }), { maxLength: 3 * n }),
      starts: fc.uniqueArray(fc.nat(n - 1), { minLength: 1, maxLength: 3 }),
      depth: fc.integer({ min: 1, max: 4 }),
      limit: fc.integer({ min: 1, max: 16 }),
      direction: fc.constantFrom('UPSTREAM' as const, 'DOWNSTREAM' as const, 'BOTH' as const),
    })
    .map(({ order, tracks, states, links, starts, depth, limit, direction }) => {
      const items = ids(n).map((id, i) => ({ id, track: tracks[i], state: states[i] }));
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
  s.items.forEach((item, i) => state.putItem({ ...item, number: i + 1, kind: 'FEATURE', estimate: null }));
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
  return { distance, truncated, nodeState };
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
        expect(plan.truncated).toBe(ref.truncated);
        expect(plan.missingStart).toBeNull();
        if (!ref.truncated) expect(new Map(plan.ids.map((id) => [id, plan.distance.get(id)]))).toEqual(ref.distance);
        else expect(plan.ids).toHaveLength(s.limit);
        // Nearest first.
        expect(plan.ids.map((id) => plan.distance.get(id) as number)).toEqual([...plan.ids.map((id) => plan.distance.get(id) as number)].sort((a, b) => a - b));
        for (const id of plan.ids) expect(plan.nodeStates.get(id)).toMatchObject(ref.nodeState(id));
        const shown = new Set(plan.ids);
        const expected = s.links
          .filter((l) => shown.has(l.from) && shown.has(l.to))
          .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
          .map((l) => l.id);
        expect(plan.edges.map((e) => e.id)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('names a start the project does not have instead of answering', () => {
    const state = new ProjectGraphState();
    state.putItem({ id: 'a', number: 1, track: 'PRODUCT', kind: 'FEATURE', state: 'ICEBOX', estimate: null });
    const plan = planDependencyView(state, { starts: ['a', 'zz'], depth: 3, limit: 10, outgoing: true, incoming: true });
    expect(plan.missingStart).toBe('zz');
    expect(plan.ids).toEqual([]);
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
