/**
 * A deterministic, seeded product event log for the insights benchmark (no Math.random, no clock):
 *
 * - persons: `persons` people; activity follows a power law (person of rank r gets a weight
 *   ∝ 1 / r^0.9, so a few are very active and most come once or twice);
 * - sessions: each person's sessions start at random instants over `days` days ending at
 *   `endMs`, mostly in the daytime; a session has 1 + geometric(mean 7) events 5–240 s apart;
 * - a multi-step product flow: while anonymous, a session may start the sign-up
 *   (`signup_started`, 30 %), and then complete it (`signup_completed`, 60 % of starters) which
 *   identifies the person (`identify` anonymous id → user id, mid-session); signed-up persons
 *   may `checkout` (25 % of their sessions) with an amount;
 * - everything else: `$pageview` (about half of all events) and 24 feature events with small
 *   properties (`$current_url`, `$browser`, `plan`, `amount`).
 *
 * Events are produced person by person (each person's sessions in time order), so a person's
 * anonymous events reach the platform before their identify, as with a real SDK.
 */
import type { CanonicalEvent } from '@fulcrum/contracts';

export interface ProductLogOptions {
  projectId: string;
  events: number;
  persons: number;
  days: number;
  /** End of the log (exclusive), epoch ms. */
  endMs: number;
  seed: number;
}

export const FEATURE_EVENTS = Array.from({ length: 24 }, (_, i) => `feature_${String(i + 1).padStart(2, '0')}`);
export const FLOW = ['signup_started', 'signup_completed', 'checkout'] as const;
const BROWSERS = ['Chrome', 'Firefox', 'Safari', 'Edge'] as const;
const PLANS = ['free', 'starter', 'pro'] as const;
const DAY_MS = 86_400_000;

/** mulberry32: a small, fast, seeded PRNG (deterministic across runs and machines). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Yields the log in batches of `batchSize` events. Exactly `options.events` events in total. */
export function* productLog(options: ProductLogOptions, batchSize: number): Generator<CanonicalEvent[]> {
  const rnd = seededRandom(options.seed);
  const startMs = options.endMs - options.days * DAY_MS;
  // Power-law activity: expected events per person ∝ 1 / rank^0.9, scaled to the total.
  const weights = Array.from({ length: options.persons }, (_, r) => 1 / Math.pow(r + 1, 0.9));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const meanSession = 8;
  let emitted = 0;
  let batch: CanonicalEvent[] = [];
  const emit = (e: CanonicalEvent): boolean => {
    batch.push(e);
    emitted += 1;
    return emitted >= options.events;
  };
  let seq = 0;
  const id = () => `ev-${options.seed}-${(seq++).toString(36)}`;
  // Passes over the persons until the log has exactly `events` events (sessions end early at
  // random, so one pass falls a little short; later passes add sessions with the same skew).
  const signedUpState = new Uint8Array(options.persons);
  for (let pass = 0; emitted < options.events; pass += 1) {
  const target = options.events - emitted;
  for (let p = 0; p < options.persons && emitted < options.events; p += 1) {
    const budget = Math.max(pass === 0 || p < target ? 1 : 0, Math.round((weights[p] / weightSum) * target));
    if (budget === 0) continue;
    const sessions = Math.max(1, Math.round(budget / meanSession));
    const starts = Array.from({ length: sessions }, () => startMs + Math.floor(rnd() * options.days) * DAY_MS + daytimeOffset(rnd)).sort((a, b) => a - b);
    const anon = `anon-${p}`;
    const user = `user-${p}`;
    let signedUp = signedUpState[p] === 1;
    let done = false;
    let personEvents = 0;
    for (const start of starts) {
      let t = Math.min(start, options.endMs - 1);
      const length = 1 + geometric(rnd, 7);
      const flowSession = !signedUp && rnd() < 0.3;
      const checkoutSession = signedUp && rnd() < 0.25;
      for (let k = 0; k < length; k += 1) {
        let name = rnd() < 0.55 ? '$pageview' : FEATURE_EVENTS[Math.floor(Math.pow(rnd(), 2) * FEATURE_EVENTS.length)];
        if (flowSession && k === 1) name = FLOW[0];
        if (flowSession && k === 3 && rnd() < 0.6) name = FLOW[1];
        if (checkoutSession && k === length - 1) name = FLOW[2];
        const base = { id: id(), projectId: options.projectId, timestamp: new Date(t).toISOString(), receivedAt: new Date(t).toISOString(), context: {} };
        const who = signedUp ? { userId: user } : { anonymousId: anon };
        const properties: Record<string, unknown> =
          name === '$pageview'
            ? { $current_url: `/page/${Math.floor(Math.pow(rnd(), 3) * 50)}`, $browser: BROWSERS[Math.floor(rnd() * 4)] }
            : name === FLOW[2]
              ? { amount: Math.round(rnd() * 20_000) / 100, plan: PLANS[Math.floor(rnd() * 3)] }
              : { plan: PLANS[Math.floor(rnd() * 3)] };
        done = emit({ ...base, type: 'track', event: name, ...who, properties });
        personEvents += 1;
        if (done) break;
        if (name === FLOW[1] && !signedUp) {
          signedUp = true;
          signedUpState[p] = 1;
          t += 1;
          done = emit({ id: id(), projectId: options.projectId, type: 'identify', event: '$identify', userId: user, anonymousId: anon, timestamp: new Date(t).toISOString(), receivedAt: new Date(t).toISOString(), properties: { plan: 'free' }, context: {} });
          personEvents += 1;
          if (done) break;
        }
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
        t = Math.min(t + 5_000 + Math.floor(rnd() * 235_000), options.endMs - 1);
        if (personEvents >= budget) break;
      }
      if (done || personEvents >= budget) break;
    }
  }
  }
  if (batch.length > 0) yield batch;
}

/** Seconds into the day, mostly 07:00–23:00 UTC. */
function daytimeOffset(rnd: () => number): number {
  const hour = rnd() < 0.9 ? 7 + rnd() * 16 : rnd() * 24;
  return Math.floor(hour * 3_600_000);
}

function geometric(rnd: () => number, mean: number): number {
  return Math.floor(Math.log(1 - rnd()) / Math.log(1 - 1 / (mean + 1)));
}
