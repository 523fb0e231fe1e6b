import fc from 'fast-check';
import { ITEM_STATES, LINK_TYPES, TRACKS, type ItemState, type LinkType, type Track } from './backlog.vocabulary';
import { analyseDependencies, type DependencyEdgeInput, type DependencyNodeInput, type TrackWait } from './dependency.analysis';

// The reference knows the rules by heart, not through the catalog or the state machine.
const ORDERING: readonly LinkType[] = ['BLOCKS', 'INSTRUMENTS'];
const refOpen = (state: ItemState) => !['FINISHED', 'DELIVERED', 'ACCEPTED', 'ARCHIVED'].includes(state);

/** Lexicographic order of id sequences (a proper prefix comes first). */
function compareSequences(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length;
}

function reference(nodes: readonly DependencyNodeInput[], edges: readonly DependencyEdgeInput[]) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ordering = edges.filter((e) => ORDERING.includes(e.type) && byId.has(e.from) && byId.has(e.to));
  const preds = (id: string) => [...new Set(ordering.filter((e) => e.to === id).map((e) => e.from))];
  const open = (id: string) => refOpen((byId.get(id) as DependencyNodeInput).state);

  const perNode = nodes.map((n) => {
    const ancestors = new Set<string>();
    const stack = preds(n.id);
    while (stack.length > 0) {
      const p = stack.pop() as string;
      if (ancestors.has(p)) continue;
      ancestors.add(p);
      stack.push(...preds(p));
    }
    const directBlockers = preds(n.id).filter(open).sort();
    return { id: n.id, ready: directBlockers.length === 0, directBlockers, transitiveBlockerCount: [...ancestors].filter(open).length };
  });

  // Every chain of open items, by exhaustive enumeration.
  let best: { path: string[]; weight: number } = { path: [], weight: 0 };
  const stack = nodes.filter((n) => open(n.id)).map((n) => [n.id]);
  while (stack.length > 0) {
    const path = stack.pop() as string[];
    const weight = path.reduce((sum, id) => sum + (byId.get(id) as DependencyNodeInput).weight, 0);
    if (best.path.length === 0 || weight > best.weight || (weight === best.weight && compareSequences(path, best.path) < 0)) best = { path, weight };
    const last = path[path.length - 1];
    for (const e of ordering) if (e.from === last && open(e.to)) stack.push([...path, e.to]);
  }

  const trackWaits: TrackWait[] = [];
  for (const waitingTrack of TRACKS) {
    for (const onTrack of TRACKS) {
      if (waitingTrack === onTrack) continue;
      const items = nodes.filter((n) => n.track === waitingTrack && open(n.id) && preds(n.id).some((p) => open(p) && byId.get(p)?.track === onTrack)).length;
      if (items > 0) trackWaits.push({ waitingTrack, onTrack, items });
    }
  }
  return { perNode, criticalPath: best.path, criticalPathWeight: best.weight, trackWaits };
}

// Ids chosen so that id order, case order and topological order disagree.
const ID_POOL = ['a', 'b', 'B', 'c', 'a1', 'a10', 'a2', 'Z', 'item-3', 'item-20'];

/** A random DAG: links always point forward in a shuffled order, so the order of ids tells nothing. */
const scenario = (weight: fc.Arbitrary<number>) =>
  fc.integer({ min: 1, max: 9 }).chain((n) =>
    fc
      .record({
        ids: fc.shuffledSubarray(ID_POOL, { minLength: n, maxLength: n }),
        items: fc.array(fc.record({ track: fc.constantFrom(...TRACKS), state: fc.constantFrom(...ITEM_STATES), weight }), { minLength: n, maxLength: n }),
        links: fc.array(fc.record({ i: fc.nat(n - 1), j: fc.nat(n - 1), type: fc.constantFrom(...LINK_TYPES) }), { maxLength: 24 }),
        strays: fc.array(fc.record({ i: fc.nat(n - 1), type: fc.constantFrom(...LINK_TYPES), out: fc.boolean() }), { maxLength: 3 }),
      })
      .map(({ ids, items, links, strays }) => {
        const nodes = items.map((item, k) => ({ id: ids[k], ...item }));
        const edges: DependencyEdgeInput[] = links
          .filter(({ i, j }) => i !== j)
          .map(({ i, j, type }) => ({ from: ids[Math.min(i, j)], to: ids[Math.max(i, j)], type }));
        // Links to items outside the given set (even backwards) are ignored.
        for (const s of strays) edges.push(s.out ? { from: ids[s.i], to: 'elsewhere', type: s.type } : { from: 'elsewhere', to: ids[s.i], type: s.type });
        return { nodes, edges };
      }),
  );

function expectMatchesReference(nodes: DependencyNodeInput[], edges: DependencyEdgeInput[]): void {
  const got = analyseDependencies(nodes, edges);
  const want = reference(nodes, edges);
  expect([...got.nodes.values()]).toEqual(want.perNode);
  expect([...got.nodes.keys()]).toEqual(nodes.map((n) => n.id));
  expect(got.trackWaits).toEqual(want.trackWaits);
  expect({ path: got.criticalPath, weight: got.criticalPathWeight }).toEqual({ path: want.criticalPath, weight: want.criticalPathWeight });
}

describe('analyseDependencies', () => {
  it('shows a balanced team shipping a feature: who is ready, who waits on whom, the critical path', () => {
    const nodes: DependencyNodeInput[] = [
      { id: 'P-1', track: 'PRODUCT', state: 'STARTED', weight: 1 }, // hypothesis
      { id: 'P-2', track: 'DESIGN', state: 'STARTED', weight: 3 }, // design
      { id: 'P-3', track: 'ENGINEERING', state: 'BACKLOG', weight: 5 }, // engineering, blocked by the design
      { id: 'P-4', track: 'DATA', state: 'BACKLOG', weight: 2 }, // instrumentation of the release
      { id: 'P-5', track: 'PRODUCT', state: 'ICEBOX', weight: 1 }, // the release
      { id: 'P-6', track: 'DESIGN', state: 'ACCEPTED', weight: 8 }, // research, done
    ];
    const edges: DependencyEdgeInput[] = [
      { from: 'P-6', to: 'P-2', type: 'BLOCKS' },
      { from: 'P-2', to: 'P-3', type: 'BLOCKS' },
      { from: 'P-3', to: 'P-5', type: 'BLOCKS' },
      { from: 'P-4', to: 'P-5', type: 'INSTRUMENTS' },
      { from: 'P-3', to: 'P-1', type: 'IMPLEMENTS' }, // does not order work
      { from: 'P-4', to: 'P-1', type: 'VALIDATES' },
    ];
    const result = analyseDependencies(nodes, edges);
    expect(result.nodes.get('P-2')).toEqual({ id: 'P-2', ready: true, directBlockers: [], transitiveBlockerCount: 0 });
    expect(result.nodes.get('P-3')).toEqual({ id: 'P-3', ready: false, directBlockers: ['P-2'], transitiveBlockerCount: 1 });
    expect(result.nodes.get('P-5')).toEqual({ id: 'P-5', ready: false, directBlockers: ['P-3', 'P-4'], transitiveBlockerCount: 3 });
    expect(result.nodes.get('P-1')?.ready).toBe(true);
    expect(result.criticalPath).toEqual(['P-2', 'P-3', 'P-5']);
    expect(result.criticalPathWeight).toBe(9);
    expect(result.trackWaits).toEqual([
      { waitingTrack: 'PRODUCT', onTrack: 'ENGINEERING', items: 1 },
      { waitingTrack: 'PRODUCT', onTrack: 'DATA', items: 1 },
      { waitingTrack: 'ENGINEERING', onTrack: 'DESIGN', items: 1 },
    ]);
  });

  it('counts a pair ordered by two link types once', () => {
    const nodes: DependencyNodeInput[] = [
      { id: 'd', track: 'DATA', state: 'STARTED', weight: 2 },
      { id: 'e', track: 'ENGINEERING', state: 'BACKLOG', weight: 3 },
    ];
    const edges: DependencyEdgeInput[] = [
      { from: 'd', to: 'e', type: 'BLOCKS' },
      { from: 'd', to: 'e', type: 'INSTRUMENTS' },
    ];
    const result = analyseDependencies(nodes, edges);
    expect(result.nodes.get('e')).toEqual({ id: 'e', ready: false, directBlockers: ['d'], transitiveBlockerCount: 1 });
    expect(result.criticalPath).toEqual(['d', 'e']);
    expect(result.trackWaits).toEqual([{ waitingTrack: 'ENGINEERING', onTrack: 'DATA', items: 1 }]);
  });

  it('gives an empty critical path when nothing is open', () => {
    const result = analyseDependencies([{ id: 'a', track: 'DATA', state: 'ARCHIVED', weight: 3 }], []);
    expect(result).toEqual({ nodes: new Map([['a', { id: 'a', ready: true, directBlockers: [], transitiveBlockerCount: 0 }]]), criticalPath: [], criticalPathWeight: 0, trackWaits: [] });
  });

  it('breaks critical-path ties by the smallest id sequence, preferring the shorter chain on zero weights', () => {
    const node = (id: string, weight: number): DependencyNodeInput => ({ id, track: 'ENGINEERING', state: 'STARTED', weight });
    const edges = (...pairs: string[]) => pairs.map((p) => ({ from: p[0], to: p[1], type: 'BLOCKS' as const }));
    expect(analyseDependencies([node('b', 2), node('a', 2)], []).criticalPath).toEqual(['a']);
    expect(analyseDependencies([node('c', 1), node('b', 1), node('a', 1), node('d', 1)], edges('ab', 'ac', 'bd', 'cd')).criticalPath).toEqual(['a', 'b', 'd']);
    expect(analyseDependencies([node('a', 3), node('b', 0)], edges('ab')).criticalPath).toEqual(['a']);
  });

  it('agrees with a brute-force reference on random small graphs', () => {
    fc.assert(
      fc.property(scenario(fc.integer({ min: 0, max: 6 })), ({ nodes, edges }) => expectMatchesReference(nodes, edges)),
      { numRuns: 1000 },
    );
  });

  it('agrees with the reference when every item weighs the same (ties everywhere)', () => {
    fc.assert(
      fc.property(scenario(fc.constantFrom(0, 1)), ({ nodes, edges }) => expectMatchesReference(nodes, edges)),
      { numRuns: 500 },
    );
  });

  it('refuses a cycle of ordering links instead of looping, but ignores cycles of other links', () => {
    const nodes: DependencyNodeInput[] = ['a', 'b', 'c'].map((id) => ({ id, track: 'DATA', state: 'BACKLOG', weight: 1 }));
    const cycle: DependencyEdgeInput[] = [
      { from: 'a', to: 'b', type: 'BLOCKS' },
      { from: 'b', to: 'c', type: 'INSTRUMENTS' },
      { from: 'c', to: 'a', type: 'BLOCKS' },
    ];
    expect(() => analyseDependencies(nodes, cycle)).toThrow(/cycle/);
    expect(() => analyseDependencies(nodes, [{ from: 'a', to: 'a', type: 'BLOCKS' }])).toThrow(/cycle/);
    expect(analyseDependencies(nodes, cycle.map((e) => ({ ...e, type: 'RELATES_TO' }))).criticalPath).toEqual(['a']);
  });

  it('refuses inputs it cannot rank: repeated ids and weights that are not finite and >= 0', () => {
    const a: DependencyNodeInput = { id: 'a', track: 'DATA', state: 'BACKLOG', weight: 1 };
    expect(() => analyseDependencies([a, a], [])).toThrow(/twice/);
    expect(() => analyseDependencies([{ ...a, weight: -1 }], [])).toThrow(/weight/);
    expect(() => analyseDependencies([{ ...a, weight: Number.NaN }], [])).toThrow(/weight/);
  });

  it('analyses a 2,000-item neighbourhood with 6,000 links and long chains', () => {
    const n = 2_000;
    const tracks: Track[] = [...TRACKS];
    const nodes: DependencyNodeInput[] = Array.from({ length: n }, (_, i) => ({
      id: `K-${i}`,
      track: tracks[i % 4],
      state: ITEM_STATES[(i * 7) % ITEM_STATES.length],
      weight: (i * 13) % 9,
    }));
    const edges: DependencyEdgeInput[] = [];
    for (let i = 0; i + 1 < n; i++) edges.push({ from: `K-${i}`, to: `K-${i + 1}`, type: 'BLOCKS' });
    for (let i = 0; edges.length < 6_000; i++) {
      const a = (i * 7919) % n;
      const b = (i * 104_729 + 17) % n;
      if (a !== b) edges.push({ from: `K-${Math.min(a, b)}`, to: `K-${Math.max(a, b)}`, type: i % 3 === 0 ? 'INSTRUMENTS' : 'BLOCKS' });
    }
    const result = analyseDependencies(nodes, edges);
    // The last item descends from every other one through the chain.
    const openCount = nodes.filter((node) => refOpen(node.state)).length;
    const lastOpen = refOpen(nodes[n - 1].state) ? 1 : 0;
    expect(result.nodes.get(`K-${n - 1}`)?.transitiveBlockerCount).toBe(openCount - lastOpen);
    expect(result.nodes.get('K-0')?.transitiveBlockerCount).toBe(0);
    expect(result.criticalPath.length).toBeGreaterThan(0);
  });
});
