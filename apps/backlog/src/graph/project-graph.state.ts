import { TRACKS, type EstimateScale, type ItemKind, type ItemState, type LinkType, type Track } from '../domain/backlog.vocabulary';
import { UNESTIMATED_WEIGHT, estimateWeight } from '../domain/estimate.scale';
import { isOpen } from '../domain/item-state.machine';
import { ordersWork } from '../domain/link-type.catalog';
import { OrderingGraph } from '../domain/ordering.graph';
import { defaultEstimateScale } from '../tracks/default-estimate-scale';

/** What the dependency view and the link checks need of an item; display fields stay in the database. */
export interface ItemFacts {
  readonly id: string;
  readonly number: number;
  readonly track: Track;
  kind: ItemKind;
  state: ItemState;
  estimate: string | null;
}

/** A live link. `createdAtMicros` (epoch µs, as stored) and `id` order links as `ORDER BY created_at, id` does. */
export interface LiveLink {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly type: LinkType;
  readonly createdAtMicros: number;
}

/** A live link with its ends' positions in the state and its place in creation order. */
export interface IndexedLink extends LiveLink {
  readonly fromIx: number;
  readonly toIx: number;
  /** Its type orders work (BLOCKS, INSTRUMENTS). */
  readonly ordersWork: boolean;
  /** Ascending in the order links were added: load them `ORDER BY created_at, id`, add new ones as created. */
  readonly seq: number;
}

const NO_LINKS: readonly IndexedLink[] = [];
const NO_POSITIONS: readonly number[] = [];

/**
 * One project's items (the few facts above), its live links of every type (both directions
 * indexed), the ordering graph they make (for cycle checks) and its tracks' estimate scales:
 * everything the dependency view and a link's checks read, in memory. Items also have dense
 * positions (0, 1, 2, … in the order they were put), and the walks of the dependency view run over
 * positions and typed arrays: on 100,000 items, hashing 36-character ids for every step of a walk
 * would cost more than the walk. It is plain data with plain changes; when it is current is
 * ProjectGraphCache's business.
 */
export class ProjectGraphState {
  readonly ordering = new OrderingGraph();

  private readonly positions = new Map<string, number>();
  private readonly facts: ItemFacts[] = [];
  private readonly out: IndexedLink[][] = [];
  private readonly in: IndexedLink[][] = [];
  /** Ordering predecessors by position, one entry per live ordering link (a pair ordered by two types twice). */
  private readonly orderingIn: number[][] = [];
  private readonly links = new Map<string, IndexedLink>();
  private nextSeq = 0;
  /** 1 where the item at that position is open (blocks what it orders), by position. */
  private openBits = new Uint8Array(1024);
  private readonly scales = new Map<Track, EstimateScale>();

  /** `projectKey`: the project's immutable key (items are `<key>-<number>`), null when not known. */
  constructor(readonly projectKey: string | null = null) {}

  /** Adds an item (a new one: items are never deleted). */
  putItem(item: ItemFacts): void {
    if (this.positions.has(item.id)) throw new Error(`Item ${item.id} is in the project's graph state already`);
    this.positions.set(item.id, this.facts.length);
    if (this.facts.length === this.openBits.length) {
      const grown = new Uint8Array(this.openBits.length * 2);
      grown.set(this.openBits);
      this.openBits = grown;
    }
    this.openBits[this.facts.length] = isOpen(item.state) ? 1 : 0;
    this.facts.push({ ...item });
    this.out.push([]);
    this.in.push([]);
    this.orderingIn.push([]);
  }

  item(id: string): ItemFacts | undefined {
    const at = this.positions.get(id);
    return at === undefined ? undefined : this.facts[at];
  }

  positionOf(id: string): number | undefined {
    return this.positions.get(id);
  }

  /** The item at a position (0 ≤ position < itemCount). */
  at(position: number): ItemFacts {
    return this.facts[position];
  }

  /** Whether the item at a position is open. */
  isOpenAt(position: number): boolean {
    return this.openBits[position] === 1;
  }

  get itemCount(): number {
    return this.facts.length;
  }

  /** Changes the facts a write changed (state, estimate, kind); an item the state lacks is a bug of the caller. */
  changeItem(id: string, change: Partial<Pick<ItemFacts, 'kind' | 'state' | 'estimate'>>): void {
    const item = this.item(id);
    if (!item) throw new Error(`Item ${id} is not in the project's graph state`);
    if (change.kind !== undefined) item.kind = change.kind;
    if (change.state !== undefined) {
      item.state = change.state;
      this.openBits[this.positions.get(id) as number] = isOpen(change.state) ? 1 : 0;
    }
    if (change.estimate !== undefined) item.estimate = change.estimate;
  }

  setScale(track: Track, scale: EstimateScale): void {
    this.scales.set(track, scale);
  }

  scaleOf(track: Track): EstimateScale {
    return this.scales.get(track) ?? defaultEstimateScale(track);
  }

  /** The item's weight on its track's scale; an estimate the scale lacks (never stored) weighs as none. */
  weightOf(item: ItemFacts): number {
    try {
      return estimateWeight(this.scaleOf(item.track), item.estimate);
    } catch {
      return UNESTIMATED_WEIGHT;
    }
  }

  /** Adds a live link between items of the state (links cannot cross projects: foreign keys). */
  addLink(link: LiveLink): void {
    const fromIx = this.positions.get(link.from);
    const toIx = this.positions.get(link.to);
    if (fromIx === undefined || toIx === undefined) throw new Error(`Link ${link.id} joins an item the project's graph state lacks`);
    // The items' own id strings: 300,000 links would otherwise hold 600,000 more copies.
    const ordering = ordersWork(link.type);
    const indexed: IndexedLink = {
      id: link.id,
      from: this.facts[fromIx].id,
      to: this.facts[toIx].id,
      type: link.type,
      createdAtMicros: link.createdAtMicros,
      fromIx,
      toIx,
      ordersWork: ordering,
      seq: this.nextSeq++,
    };
    this.links.set(link.id, indexed);
    this.out[fromIx].push(indexed);
    this.in[toIx].push(indexed);
    if (ordering) {
      this.orderingIn[toIx].push(fromIx);
      this.ordering.addEdge(indexed.from, indexed.to);
    }
  }

  /** Removes a live link; the ordering edge goes with the last live ordering link of its pair. */
  removeLink(id: string): void {
    const link = this.links.get(id);
    if (!link) return;
    this.links.delete(id);
    this.out[link.fromIx] = this.out[link.fromIx].filter((l) => l !== link);
    this.in[link.toIx] = this.in[link.toIx].filter((l) => l !== link);
    if (!link.ordersWork) return;
    const preds = this.orderingIn[link.toIx];
    preds.splice(preds.indexOf(link.fromIx), 1);
    if (!preds.includes(link.fromIx)) this.ordering.removeEdge(link.from, link.to);
  }

  link(id: string): LiveLink | undefined {
    return this.links.get(id);
  }

  liveLink(from: string, to: string, type: LinkType): LiveLink | undefined {
    return this.outgoing(from).find((l) => l.to === to && l.type === type);
  }

  outgoing(id: string): readonly IndexedLink[] {
    const at = this.positions.get(id);
    return at === undefined ? NO_LINKS : this.out[at];
  }

  /** Live links from the item at `position`, of every type. */
  outgoingAt(position: number): readonly IndexedLink[] {
    return this.out[position] ?? NO_LINKS;
  }

  /** Live links to the item at `position`, of every type. */
  incomingAt(position: number): readonly IndexedLink[] {
    return this.in[position] ?? NO_LINKS;
  }

  /** Positions of the item's ordering predecessors (repeated when two ordering types order the pair). */
  orderingPredecessorsAt(position: number): readonly number[] {
    return this.orderingIn[position] ?? NO_POSITIONS;
  }

  get linkCount(): number {
    return this.links.size;
  }

  /**
   * A canonical plain form (sorted), for comparing two states: a cache kept current by writes
   * must equal a fresh load of the same committed data.
   */
  canonical(): { items: ItemFacts[]; links: LiveLink[]; orderingEdges: Array<[string, string]>; scales: Array<[Track, EstimateScale]> } {
    const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const edges: Array<[string, string]> = [];
    for (const id of [...this.positions.keys()].sort()) for (const to of [...this.ordering.successors(id)].sort()) edges.push([id, to]);
    return {
      items: this.facts.map((i) => ({ ...i })).sort(byId),
      links: [...this.links.values()].map((l) => ({ id: l.id, from: l.from, to: l.to, type: l.type, createdAtMicros: l.createdAtMicros })).sort(byId),
      orderingEdges: edges,
      scales: TRACKS.map((t) => [t, this.scaleOf(t)]),
    };
  }
}
