/**
 * The backlog benchmark's synthetic project: items spread over the four tracks and typed links,
 * generated deterministically (a seeded PRNG) and kept in memory by index, with the adjacency the
 * bench needs to choose requests and to know the right answers (a reference, not the service).
 *
 * Shape. Items are grouped in consecutive windows of `window` items ("epics"). Ordering links
 * (BLOCKS, INSTRUMENTS from DATA items) go from a lower to a higher index inside one window, most
 * to a near neighbour, so the ordering graph is a DAG made of epic-sized components, as a real
 * backlog's dependency chains are. Non-ordering links (RELATES_TO, DUPLICATES, IMPLEMENTS, INFORMS,
 * VALIDATES, each only between the endpoints its rule allows) mostly stay in the window, some reach
 * any item of the project: they tie epics together in the dependency view but order nothing.
 */
import { generateNKeysBetween } from 'fractional-indexing';

export const TRACKS = ['PRODUCT', 'DESIGN', 'ENGINEERING', 'DATA'] as const;
export type Track = (typeof TRACKS)[number];
export const LINK_TYPES = ['BLOCKS', 'INSTRUMENTS', 'IMPLEMENTS', 'INFORMS', 'VALIDATES', 'DUPLICATES', 'RELATES_TO'] as const;
export type LinkType = (typeof LINK_TYPES)[number];
export const ORDERING_TYPES: readonly LinkType[] = ['BLOCKS', 'INSTRUMENTS'];
/** The states the board requests filter on (the open work of a track). */
export const OPEN_STATES = ['ICEBOX', 'BACKLOG', 'STARTED'] as const;

export interface BenchItem {
  id: string;
  number: number;
  track: Track;
  kind: string;
  title: string;
  description: string;
  estimate: string | null;
  owners: string[];
  labels: string[];
  state: string;
  rank: string;
  createdAt: Date;
  createdBy: string;
  deliveredAt: Date | null;
  acceptedAt: Date | null;
  acceptedBy: string | null;
}

export interface BenchLinks {
  ids: string[];
  from: Int32Array;
  to: Int32Array;
  /** Index into LINK_TYPES. */
  type: Uint8Array;
  createdAt: Date[];
  createdBy: string[];
}

export interface BenchDataset {
  projectId: string;
  projectKey: string;
  window: number;
  items: BenchItem[];
  links: BenchLinks;
  /** Index by item id (lower case). */
  indexOf: Map<string, number>;
  /** Every link, both directions, any type (the dependency view's walk): CSR arrays. */
  undirected: Csr;
  /** Ordering links, from → to (the cycle question), plus what the link phase adds. */
  orderingOut: Csr;
  orderingIn: Csr;
}

export interface Csr {
  start: Int32Array;
  next: Int32Array;
}

/** A mulberry32 stream: deterministic runs, so two runs load the same project. */
export class Rng {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)];
  }

  /** A version-4-shaped UUID from the stream. */
  uuid(): string {
    const hex = Array.from({ length: 4 }, () => (Math.floor(this.next() * 4_294_967_296) >>> 0).toString(16).padStart(8, '0')).join('');
    const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

function weighted<T>(rng: Rng, table: ReadonlyArray<readonly [T, number]>): T {
  let r = rng.next() * table.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of table) {
    r -= w;
    if (r < 0) return value;
  }
  return table[table.length - 1][0];
}

const TRACK_SHARE: ReadonlyArray<readonly [Track, number]> = [['PRODUCT', 25], ['DESIGN', 15], ['ENGINEERING', 40], ['DATA', 20]];
const KINDS: { readonly [T in Track]: ReadonlyArray<readonly [string, number]> } = {
  PRODUCT: [['FEATURE', 50], ['HYPOTHESIS', 25], ['RESEARCH', 15], ['BUG', 10]],
  DESIGN: [['FEATURE', 60], ['RESEARCH', 30], ['SPIKE', 10]],
  ENGINEERING: [['FEATURE', 40], ['BUG', 30], ['CHORE', 20], ['SPIKE', 10]],
  DATA: [['INSTRUMENTATION', 50], ['ANALYSIS', 40], ['SPIKE', 10]],
};
const FIBONACCI = ['1', '2', '3', '5', '8', '13'];
const WORDS = ['checkout', 'onboarding', 'search', 'billing', 'export', 'invite', 'profile', 'alerts', 'cohorts', 'funnel', 'retention', 'pricing', 'mobile', 'sync', 'import', 'sharing'];
const LABELS = Array.from({ length: 40 }, (_, i) => `${WORDS[i % WORDS.length]}-${Math.floor(i / WORDS.length) + 1}`);
const DAY_MS = 86_400_000;

export function generateDataset(itemCount: number, linkCount: number, window: number, seed = 20_251_207): BenchDataset {
  const rng = new Rng(seed);
  const projectId = rng.uuid();
  const people = Array.from({ length: 60 }, () => rng.uuid());
  const start = Date.UTC(2024, 0, 1);
  const items: BenchItem[] = [];
  for (let i = 0; i < itemCount; i += 1) {
    const track = weighted(rng, TRACK_SHARE);
    const kind = weighted(rng, KINDS[track]);
    // Older items (lower index) are more often done, as in a backlog that has been worked on.
    const p = i / itemCount;
    const state = rng.next() < 0.04 ? 'ARCHIVED' : rng.next() < 0.85 - 0.8 * p
      ? weighted(rng, [['ACCEPTED', 75], ['DELIVERED', 10], ['FINISHED', 10], ['REJECTED', 5]] as const)
      : weighted(rng, [['ICEBOX', 35], ['BACKLOG', 50], ['STARTED', 15]] as const);
    const createdAt = new Date(start + Math.floor(p * 700 * DAY_MS));
    const owners = [...new Set(Array.from({ length: rng.int(3) }, () => rng.pick(people)))];
    const labels = [...new Set(Array.from({ length: rng.int(4) }, () => rng.pick(LABELS)))];
    const done = state === 'DELIVERED' || state === 'ACCEPTED' || state === 'REJECTED';
    const topic = `${rng.pick(WORDS)} ${rng.pick(WORDS)}`;
    items.push({
      id: rng.uuid(),
      number: i + 1,
      track,
      kind,
      title: `${kind.toLowerCase()} ${i + 1}: ${topic}`,
      description: `As a user I want ${topic} to work the way I expect, so that I finish my task. Acceptance: the ${rng.pick(WORDS)} step takes one click.`,
      estimate: (track === 'PRODUCT' || track === 'ENGINEERING') && rng.next() < 0.8 ? rng.pick(FIBONACCI) : null,
      owners,
      labels,
      state,
      rank: '',
      createdAt,
      createdBy: `user:${rng.pick(people)}`,
      deliveredAt: done ? new Date(createdAt.getTime() + 20 * DAY_MS) : null,
      acceptedAt: state === 'ACCEPTED' ? new Date(createdAt.getTime() + 22 * DAY_MS) : null,
      acceptedBy: state === 'ACCEPTED' ? `user:${rng.pick(people)}` : null,
    });
  }
  assignRanks(items, rng);
  const links = generateLinks(items, linkCount, window, rng, start);
  const n = items.length;
  const ordering = Array.from({ length: links.ids.length }, (_, k) => k).filter((k) => links.type[k] < 2);
  return {
    projectId,
    projectKey: 'BENCH',
    window,
    items,
    links,
    indexOf: new Map(items.map((item, i) => [item.id, i])),
    undirected: csr(n, [...links.from, ...links.to], [...links.to, ...links.from]),
    orderingOut: csr(n, ordering.map((k) => links.from[k]), ordering.map((k) => links.to[k])),
    orderingIn: csr(n, ordering.map((k) => links.to[k]), ordering.map((k) => links.from[k])),
  };
}

/** Each track's items in a random order, ranked with the service's fractional-indexing keys. */
function assignRanks(items: BenchItem[], rng: Rng): void {
  for (const track of TRACKS) {
    const members = items.filter((item) => item.track === track);
    for (let i = members.length - 1; i > 0; i -= 1) {
      const j = rng.int(i + 1);
      [members[i], members[j]] = [members[j], members[i]];
    }
    const ranks = generateNKeysBetween(null, null, members.length);
    members.forEach((item, i) => (item.rank = ranks[i]));
  }
}

function generateLinks(items: readonly BenchItem[], linkCount: number, window: number, rng: Rng, start: number): BenchLinks {
  const n = items.length;
  const from = new Int32Array(linkCount);
  const to = new Int32Array(linkCount);
  const type = new Uint8Array(linkCount);
  const seen = new Set<number>();
  const orderingTarget = Math.round(linkCount * 0.85);
  let k = 0;
  let attempts = 0;
  while (k < linkCount) {
    if (++attempts > linkCount * 50) throw new Error(`could not place ${linkCount} links on ${n} items (window ${window}): too dense`);
    const a = rng.int(n);
    const windowStart = a - (a % window);
    const windowEnd = Math.min(n, windowStart + window);
    let b: number;
    let t: LinkType;
    if (k < orderingTarget) {
      if (a >= windowEnd - 1) continue;
      // Lower → higher index inside the window, mostly to a near neighbour: acyclic by construction.
      const r = rng.next();
      b = a + 1 + Math.floor(r * r * (windowEnd - a - 1));
      t = items[a].track === 'DATA' && rng.next() < 0.6 ? 'INSTRUMENTS' : 'BLOCKS';
    } else {
      b = rng.next() < 0.7 ? windowStart + rng.int(windowEnd - windowStart) : rng.int(n);
      if (b === a) continue;
      t = nonOrderingType(items[a], items[b], rng);
    }
    // One live link per (from, to), whatever the type: the unique key is (from, to, type).
    const key = a * n + b;
    if (seen.has(key)) continue;
    seen.add(key);
    from[k] = a;
    to[k] = b;
    type[k] = LINK_TYPES.indexOf(t);
    k += 1;
  }
  const ids: string[] = new Array<string>(linkCount);
  const createdAt: Date[] = new Array<Date>(linkCount);
  const createdBy: string[] = new Array<string>(linkCount);
  for (let j = 0; j < linkCount; j += 1) {
    ids[j] = rng.uuid();
    const later = Math.max(from[j], to[j]);
    createdAt[j] = new Date(Math.max(start, items[later].createdAt.getTime() + DAY_MS));
    createdBy[j] = items[from[j]].createdBy;
  }
  return { ids, from, to, type, createdAt, createdBy };
}

/** A non-ordering type whose endpoint rule the pair satisfies (the service's link-type catalog). */
function nonOrderingType(a: BenchItem, b: BenchItem, rng: Rng): LinkType {
  const r = rng.next();
  if (a.track === 'ENGINEERING' && (b.track === 'PRODUCT' || b.track === 'DESIGN') && r < 0.5) return 'IMPLEMENTS';
  if ((a.kind === 'ANALYSIS' || a.track === 'DATA') && b.kind === 'HYPOTHESIS' && r < 0.7) return 'VALIDATES';
  if ((a.track === 'DESIGN' || a.kind === 'RESEARCH') && r < 0.4) return 'INFORMS';
  return rng.next() < 0.8 ? 'RELATES_TO' : 'DUPLICATES';
}

function csr(n: number, src: readonly number[], dst: readonly number[]): Csr {
  const start = new Int32Array(n + 1);
  for (const s of src) start[s + 1] += 1;
  for (let i = 0; i < n; i += 1) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const next = new Int32Array(src.length);
  src.forEach((s, j) => {
    next[fill[s]] = dst[j];
    fill[s] += 1;
  });
  return { start, next };
}

export function* neighbours(g: Csr, i: number): Generator<number> {
  for (let j = g.start[i]; j < g.start[i + 1]; j += 1) yield g.next[j];
}
