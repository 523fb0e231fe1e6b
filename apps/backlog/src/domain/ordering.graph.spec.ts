import fc from 'fast-check';
import { OrderingGraph } from './ordering.graph';

/** Brute force: breadth-first distances from `start` over a plain edge list (no indexes). */
function distances(edges: ReadonlyArray<readonly [string, string]>, start: string): Map<string, number> {
  const dist = new Map([[start, 0]]);
  let frontier = [start];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const [f, t] of edges) {
        if (f === node && !dist.has(t)) {
          dist.set(t, (dist.get(node) as number) + 1);
          next.push(t);
        }
      }
    }
    frontier = next;
  }
  return dist;
}

/** A tiny deterministic generator, so the big smoke test builds the same graph every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('OrderingGraph', () => {
  it('keeps both directions, ignores repeated edges and removes cleanly', () => {
    const g = new OrderingGraph([
      ['a', 'b'],
      ['a', 'c'],
      ['a', 'b'],
    ]);
    expect(g.edgeCount).toBe(2);
    expect([...g.successors('a')].sort()).toEqual(['b', 'c']);
    expect([...g.predecessors('b')]).toEqual(['a']);
    expect(g.hasEdge('a', 'b')).toBe(true);
    expect(g.hasEdge('b', 'a')).toBe(false);
    g.removeEdge('a', 'b');
    g.removeEdge('a', 'b');
    g.removeEdge('x', 'y');
    expect(g.edgeCount).toBe(1);
    expect(g.hasEdge('a', 'b')).toBe(false);
    expect(g.predecessors('b').size).toBe(0);
    expect(g.successors('nobody').size).toBe(0);
  });

  it('names the cycle an edge would close, from the new edge back to its start', () => {
    const g = new OrderingGraph([
      ['design', 'eng'],
      ['eng', 'release'],
      ['instrument', 'release'],
    ]);
    expect(g.cycleIfAdded('release', 'design')).toEqual(['release', 'design', 'eng', 'release']);
    expect(g.cycleIfAdded('eng', 'eng')).toEqual(['eng', 'eng']);
    expect(g.cycleIfAdded('release', 'eng')).toEqual(['release', 'eng', 'release']);
    expect(g.cycleIfAdded('design', 'release')).toBeNull();
    expect(g.cycleIfAdded('instrument', 'design')).toBeNull();
    expect(g.cycleIfAdded('design', 'eng')).toBeNull(); // already there: adding it again changes nothing
    expect(g.cycleIfAdded('new-a', 'new-b')).toBeNull();
  });

  it('agrees with brute-force reachability on random graphs, and its cycles are real and shortest', () => {
    const nodes = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const op = fc.tuple(fc.constantFrom(...nodes), fc.constantFrom(...nodes), fc.integer({ min: 0, max: 9 }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const g = new OrderingGraph();
        let edges: Array<readonly [string, string]> = [];
        for (const [from, to, dice] of ops) {
          if (dice === 0 && edges.length > 0) {
            // Sometimes remove an existing edge, so the graph also shrinks.
            const [f, t] = edges[(from.charCodeAt(0) + to.charCodeAt(0)) % edges.length];
            g.removeEdge(f, t);
            edges = edges.filter(([x, y]) => x !== f || y !== t);
            continue;
          }
          const back = distances(edges, to).get(from); // a path to → … → from closes a cycle
          const cycle = g.cycleIfAdded(from, to);
          expect(cycle !== null).toBe(back !== undefined);
          if (cycle === null) {
            g.addEdge(from, to);
            if (!edges.some(([x, y]) => x === from && y === to)) edges.push([from, to]);
          } else {
            expect(cycle[0]).toBe(from);
            expect(cycle[1]).toBe(to);
            expect(cycle[cycle.length - 1]).toBe(from);
            expect(cycle.length).toBe((back as number) + 2);
            // Every step after the new edge is an edge the graph already has.
            for (let i = 1; i + 1 < cycle.length; i++) expect(edges).toContainEqual([cycle[i], cycle[i + 1]]);
          }
          expect(g.edgeCount).toBe(edges.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('handles 100,000 items and 300,000 links without deep recursion', () => {
    const n = 100_000;
    const random = lcg(42);
    const edges: Array<[string, string]> = [];
    // A chain through every item (the deepest possible search) plus random forward links.
    for (let i = 0; i + 1 < n; i++) edges.push([`i${i}`, `i${i + 1}`]);
    while (edges.length < 300_000) {
      const a = Math.floor(random() * n);
      const b = Math.floor(random() * n);
      if (a !== b) edges.push([`i${Math.min(a, b)}`, `i${Math.max(a, b)}`]);
    }
    const g = new OrderingGraph(edges);
    expect(g.edgeCount).toBeGreaterThan(290_000);
    const cycle = g.cycleIfAdded(`i${n - 1}`, 'i0');
    expect(cycle?.[0]).toBe(`i${n - 1}`);
    expect(cycle?.[1]).toBe('i0');
    expect(cycle?.[cycle.length - 1]).toBe(`i${n - 1}`);
    expect(g.cycleIfAdded('i0', `i${n - 1}`)).toBeNull();
    expect(g.cycleIfAdded(`i${n - 2}`, 'i3')?.length).toBeGreaterThan(2);

    // A bare chain: the only path back is all 100,000 items long.
    const chain = new OrderingGraph(edges.slice(0, n - 1));
    const longest = chain.cycleIfAdded(`i${n - 1}`, 'i0');
    expect(longest).toHaveLength(n + 1);
    expect(longest?.[n - 1]).toBe(`i${n - 2}`);
  });
});
