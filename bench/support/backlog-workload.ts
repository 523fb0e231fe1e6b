/**
 * The requests of the backlog benchmark, chosen from the generated project, each with the answer a
 * reference computation in the bench gives (plain breadth-first searches over the generated
 * adjacency): the service and the raw SQL baseline are both checked against it, and each other.
 */
import { type BenchDataset, type Csr, OPEN_STATES, Rng, TRACKS, type Track } from './backlog-dataset';

export interface GraphRequestPlan {
  roots: string[];
  depth: number;
  /** Nodes within `depth` hops of a root over links of every type, both directions (reference). */
  expectedNodes: number;
  /** Links with both ends among those nodes (reference). */
  expectedEdges: number;
  /** Ordering ancestors of those nodes outside them: the service's readiness analysis reads these too. */
  ancestorsOutside: number;
}

export interface LinkAttempt {
  fromIndex: number;
  toIndex: number;
  /** How the pair was chosen: two random items, or the reverse of an existing ordering path. */
  kind: 'random' | 'closing';
  /** Adding from → to would close a cycle of ordering links (reference, given the attempts before it). */
  expectedCycle: boolean;
}

export interface BoardRequestPlan {
  track: Track;
  states: ReadonlyArray<(typeof OPEN_STATES)[number]>;
  /** The first page, or the page after the first page's last item. */
  page: 'first' | 'next';
}

/** Breadth first over every link, both directions: node → hops from the nearest root. */
export function neighbourhood(g: Csr, roots: readonly number[], depth: number): Map<number, number> {
  const distance = new Map<number, number>(roots.map((r) => [r, 0]));
  let frontier = [...roots];
  for (let d = 1; d <= depth && frontier.length > 0; d += 1) {
    const next: number[] = [];
    for (const node of frontier) {
      for (let j = g.start[node]; j < g.start[node + 1]; j += 1) {
        const m = g.next[j];
        if (distance.has(m)) continue;
        distance.set(m, d);
        next.push(m);
      }
    }
    frontier = next;
  }
  return distance;
}

/**
 * `sets` root sets whose depth-`depth` neighbourhood holds about `target` nodes (within ±5 %):
 * random roots are added while they keep the neighbourhood under the upper bound.
 */
export function planGraphRequests(ds: BenchDataset, sets: number, depth: number, target: number, rng: Rng): GraphRequestPlan[] {
  const n = ds.items.length;
  const low = Math.round(target * 0.95);
  const high = Math.round(target * 1.05);
  const plans: GraphRequestPlan[] = [];
  for (let s = 0; s < sets; s += 1) {
    const roots: number[] = [];
    let size = 0;
    for (let tries = 0; size < low && tries < 2_000 && roots.length < 200; tries += 1) {
      const candidate = rng.int(n);
      if (roots.includes(candidate)) continue;
      const grown = neighbourhood(ds.undirected, [...roots, candidate], depth).size;
      if (grown > high) continue;
      roots.push(candidate);
      size = grown;
    }
    const nodes = neighbourhood(ds.undirected, roots, depth);
    plans.push({
      roots: roots.map((r) => ds.items[r].id),
      depth,
      expectedNodes: nodes.size,
      expectedEdges: edgesAmong(ds, nodes),
      ancestorsOutside: ancestorsOutside(ds.orderingIn, nodes),
    });
  }
  return plans;
}

function edgesAmong(ds: BenchDataset, nodes: ReadonlyMap<number, number>): number {
  let count = 0;
  for (let k = 0; k < ds.links.ids.length; k += 1) if (nodes.has(ds.links.from[k]) && nodes.has(ds.links.to[k])) count += 1;
  return count;
}

function ancestorsOutside(orderingIn: Csr, nodes: ReadonlyMap<number, number>): number {
  const seen = new Set<number>(nodes.keys());
  const stack = [...nodes.keys()];
  let outside = 0;
  while (stack.length > 0) {
    const node = stack.pop() as number;
    for (let j = orderingIn.start[node]; j < orderingIn.start[node + 1]; j += 1) {
      const p = orderingIn.next[j];
      if (seen.has(p)) continue;
      seen.add(p);
      outside += 1;
      stack.push(p);
    }
  }
  return outside;
}

/**
 * `count` BLOCKS attempts in order: every third closes a cycle on purpose (from a descendant,
 * 1–3 ordering hops down, back to its ancestor), the others join two random items of the project.
 * The expected answer of each is computed with the attempts accepted before it in the graph.
 */
export function planLinkAttempts(ds: BenchDataset, count: number, rng: Rng): LinkAttempt[] {
  const n = ds.items.length;
  const extraOut = new Map<number, number[]>();
  const taken = new Set<number>();
  for (let k = 0; k < ds.links.ids.length; k += 1) taken.add(ds.links.from[k] * n + ds.links.to[k]);
  const attempts: LinkAttempt[] = [];
  while (attempts.length < count) {
    let from: number;
    let to: number;
    let kind: LinkAttempt['kind'];
    if (attempts.length % 3 === 2) {
      const ancestor = rng.int(n);
      let node = ancestor;
      const hops = 1 + rng.int(3);
      for (let h = 0; h < hops; h += 1) {
        const outDegree = ds.orderingOut.start[node + 1] - ds.orderingOut.start[node];
        if (outDegree === 0) break;
        node = ds.orderingOut.next[ds.orderingOut.start[node] + rng.int(outDegree)];
      }
      if (node === ancestor) continue;
      [from, to, kind] = [node, ancestor, 'closing'];
    } else {
      [from, to, kind] = [rng.int(n), rng.int(n), 'random'];
      if (from === to) continue;
    }
    if (taken.has(from * n + to)) continue;
    const expectedCycle = reaches(ds.orderingOut, extraOut, to, from);
    if (!expectedCycle) {
      taken.add(from * n + to);
      const list = extraOut.get(from);
      if (list) list.push(to);
      else extraOut.set(from, [to]);
    }
    attempts.push({ fromIndex: from, toIndex: to, kind, expectedCycle });
  }
  return attempts;
}

/** Whether `target` is reachable from `source` along ordering links (generated plus accepted attempts). */
function reaches(g: Csr, extra: ReadonlyMap<number, readonly number[]>, source: number, target: number): boolean {
  const seen = new Set<number>([source]);
  const stack = [source];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    if (node === target) return true;
    const visit = (m: number): void => {
      if (seen.has(m)) return;
      seen.add(m);
      stack.push(m);
    };
    for (let j = g.start[node]; j < g.start[node + 1]; j += 1) visit(g.next[j]);
    for (const m of extra.get(node) ?? []) visit(m);
  }
  return false;
}

/** Round-robin over the tracks, a first page then the next one, always the open work of the track. */
export function planBoardRequests(count: number): BoardRequestPlan[] {
  return Array.from({ length: count }, (_, i) => ({
    track: TRACKS[Math.floor(i / 2) % TRACKS.length],
    states: OPEN_STATES,
    page: i % 2 === 0 ? 'first' : 'next',
  }));
}

/** Items the board filter matches on one track, in rank order (reference). */
export function expectedBoard(ds: BenchDataset, track: Track, states: readonly string[]): string[] {
  return ds.items
    .filter((item) => item.track === track && states.includes(item.state))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
    .map((item) => item.id);
}
