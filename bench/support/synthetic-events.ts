import { randomUUID } from 'node:crypto';

/**
 * Deterministic, realistic-looking product events: a couple of dozen event names, 10,000 users,
 * ids that are random UUIDs (as the SDKs send), and properties of about 200 bytes of JSON.
 */
const EVENT_NAMES = [
  'Page Viewed',
  'Button Clicked',
  'Signed Up',
  'Logged In',
  'Product Viewed',
  'Product Added',
  'Cart Viewed',
  'Checkout Started',
  'Order Completed',
  'Search Performed',
  'Dashboard Opened',
  'Report Exported',
  'Plan Upgraded',
  'Invite Sent',
  'File Uploaded',
  'Comment Posted',
  'Filter Applied',
  'Chart Created',
  'Notification Clicked',
  'Settings Changed',
] as const;
const PLANS = ['free', 'starter', 'pro', 'enterprise'] as const;
const BROWSERS = ['Firefox 132', 'Chrome 131', 'Safari 18.1', 'Edge 131'] as const;
const COUNTRIES = ['DE', 'FR', 'US', 'GB', 'NL', 'ES', 'IT', 'SE'] as const;
const USERS = 10_000;
/** 2026-11-20T00:00:00.000Z; consecutive events are 10 ms apart. */
const BASE_TIME_MS = Date.UTC(2026, 10, 20);

export interface WireEvent {
  id: string;
  event: string;
  userId: string;
  timestamp: string;
  properties: Record<string, string | number>;
}

export function eventName(i: number): string {
  return EVENT_NAMES[i % EVENT_NAMES.length];
}

export function eventProperties(i: number): Record<string, string | number> {
  return {
    path: `/app/projects/${i % 997}/dashboards/${i % 31}`,
    referrer: 'https://www.example.com/blog?utm_source=newsletter',
    plan: PLANS[i % PLANS.length],
    revenue: (i % 10_000) / 100,
    currency: 'EUR',
    items: i % 7,
    variant: i % 2 === 0 ? 'A' : 'B',
    browser: BROWSERS[i % BROWSERS.length],
    country: COUNTRIES[i % COUNTRIES.length],
  };
}

export function eventTimestamp(i: number): string {
  return new Date(BASE_TIME_MS + i * 10).toISOString();
}

/** Event number `i` as a client sends it on the native door (`POST /v1/events`). */
export function wireEvent(i: number): WireEvent {
  return {
    id: randomUUID(),
    event: eventName(i),
    userId: `user-${i % USERS}`,
    timestamp: eventTimestamp(i),
    properties: eventProperties(i),
  };
}

/**
 * Native request bodies of `batchSize` events each (the last may be shorter), built once as
 * Buffers so that the timed section only sends bytes. `first` numbers the events.
 */
export function nativeBodies(count: number, batchSize: number, first = 0): { bodies: Buffer[]; sizes: number[]; bytes: number } {
  const bodies: Buffer[] = [];
  const sizes: number[] = [];
  let bytes = 0;
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const events = new Array<WireEvent>(n);
    for (let k = 0; k < n; k++) events[k] = wireEvent(first + start + k);
    const body = Buffer.from(JSON.stringify({ events }));
    bodies.push(body);
    sizes.push(n);
    bytes += body.length;
  }
  return { bodies, sizes, bytes };
}
