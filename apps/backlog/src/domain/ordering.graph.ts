const NONE: ReadonlySet<string> = new Set<string>();

/**
 * The work-ordering links of one project in memory: an edge from → to means "from must be done
 * before to". Both directions are indexed so the cycle check can search from either end. Every walk
 * is iterative: a project may hold 100,000 items and 300,000 links, far past any call stack.
 */
export class OrderingGraph {
  private readonly out = new Map<string, Set<string>>();
  private readonly in = new Map<string, Set<string>>();
  private edges = 0;

  constructor(edges: Iterable<readonly [string, string]> = []) {
    for (const [from, to] of edges) this.addEdge(from, to);
  }

  /** Idempotent: the store holds one link per (from, to, type), but two types may order the same pair. */
  addEdge(from: string, to: string): void {
    const succ = this.out.get(from);
    if (succ?.has(to)) return;
    if (succ) succ.add(to);
    else this.out.set(from, new Set([to]));
    const pred = this.in.get(to);
    if (pred) pred.add(from);
    else this.in.set(to, new Set([from]));
    this.edges++;
  }

  removeEdge(from: string, to: string): void {
    const succ = this.out.get(from);
    if (!succ?.delete(to)) return;
    if (succ.size === 0) this.out.delete(from);
    const pred = this.in.get(to);
    pred?.delete(from);
    if (pred?.size === 0) this.in.delete(to);
    this.edges--;
  }

  hasEdge(from: string, to: string): boolean {
    return this.out.get(from)?.has(to) ?? false;
  }

  successors(id: string): ReadonlySet<string> {
    return this.out.get(id) ?? NONE;
  }

  predecessors(id: string): ReadonlySet<string> {
    return this.in.get(id) ?? NONE;
  }

  get edgeCount(): number {
    return this.edges;
  }

  /**
   * null when adding from → to keeps the graph acyclic; otherwise the cycle it would close,
   * `[from, to, …, from]`, where `to … from` is a shortest existing path.
   *
   * Bidirectional breadth-first search, a whole level at a time, always growing the side with the
   * smaller frontier: proving "no path" needs only one side exhausted, and in a backlog one side
   * (few ancestors of an early item, few descendants of a late one) is usually tiny. The first
   * meeting is on a shortest path because, level by level, the two radii add up to the length of
   * the shortest path exactly when the searches first share a node.
   */
  cycleIfAdded(from: string, to: string): string[] | null {
    if (from === to) return [from, from];
    // Forward from `to` along successors, backward from `from` along predecessors.
    const fwdParent = new Map<string, string | null>([[to, null]]);
    const bwdParent = new Map<string, string | null>([[from, null]]);
    let fwdFrontier = [to];
    let bwdFrontier = [from];
    while (fwdFrontier.length > 0 && bwdFrontier.length > 0) {
      const forward = fwdFrontier.length <= bwdFrontier.length;
      const [frontier, index, seen, other] = forward
        ? [fwdFrontier, this.out, fwdParent, bwdParent]
        : [bwdFrontier, this.in, bwdParent, fwdParent];
      const next: string[] = [];
      for (const node of frontier) {
        const neighbours = index.get(node);
        if (!neighbours) continue;
        for (const n of neighbours) {
          if (seen.has(n)) continue;
          seen.set(n, node);
          if (other.has(n)) return [from, ...joinAt(n, fwdParent, bwdParent)];
          next.push(n);
        }
      }
      if (forward) fwdFrontier = next;
      else bwdFrontier = next;
    }
    return null;
  }
}

/** The path `to … meet … from`: forward parents lead back to `to`, backward parents on to `from`. */
function joinAt(meet: string, fwdParent: Map<string, string | null>, bwdParent: Map<string, string | null>): string[] {
  const head: string[] = [];
  for (let n: string | null | undefined = meet; n != null; n = fwdParent.get(n)) head.push(n);
  head.reverse();
  for (let n = bwdParent.get(meet); n != null; n = bwdParent.get(n)) head.push(n);
  return head;
}
