import { randomBytes } from 'node:crypto';
import { type CanonicalEvent, DomainError, type TrackingPlanDocumentDto } from '@fulcrum/contracts';
import { compilePiiPlan, hashPiiValue } from '@fulcrum/tracking-plan';
import { EventPiiRedactor, redactEvent } from './event-pii.redactor';
import type { TrackingPlanReader } from './tracking-plan.reader';

/** A reader double: only `current` is used. */
const reader = (current: TrackingPlanReader['current']): TrackingPlanReader => ({ current }) as unknown as TrackingPlanReader;

const SECRET = randomBytes(32);
const PROJECT = '9dd61848-0a63-42c1-b9f1-03bca54d7eac';

const plan: TrackingPlanDocumentDto = {
  events: [
    {
      name: 'Signed Up',
      description: '',
      owner: null,
      status: 'LIVE',
      schemaVer: '1-0-0',
      properties: { type: 'object', properties: { email: { type: 'string' }, phone: { type: 'string' }, plan: { type: 'string' } } },
      pii: [
        { pointer: '/email', rule: 'HASH' },
        { pointer: '/phone', rule: 'DROP' },
      ],
      instrumentationItemIds: [],
    },
  ],
  traits: { schemaVer: '1-0-0', properties: { type: 'object', properties: { email: { type: 'string' }, name: { type: 'string' } } }, pii: [{ pointer: '/email', rule: 'HASH' }] },
};
const pii = compilePiiPlan(plan);

function event(over: Partial<CanonicalEvent>): CanonicalEvent {
  return {
    id: 'e1',
    projectId: PROJECT,
    type: 'track',
    event: 'Signed Up',
    timestamp: '2026-12-07T10:00:00.000Z',
    receivedAt: '2026-12-07T10:00:00.000Z',
    properties: {},
    context: {},
    ...over,
  };
}

describe('redactEvent (the plan\'s PII rules on an accepted event)', () => {
  const hashed = hashPiiValue('ana@example.com', SECRET);

  it("applies the event definition's rules to its properties, and leaves the input untouched", () => {
    const input = event({ properties: { email: 'ana@example.com', phone: '+34 600 000 000', plan: 'pro' } });
    const copy = structuredClone(input);
    const out = redactEvent(input, pii, SECRET);
    expect(out.properties).toEqual({ email: hashed, plan: 'pro' });
    expect(hashed).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(input).toEqual(copy);
    expect(JSON.stringify(out)).not.toContain('ana@example.com');
    expect(JSON.stringify(out)).not.toContain('600 000');
  });

  it('applies the traits rules to identify traits, PostHog $set/$set_once and Segment context.traits', () => {
    const identify = redactEvent(event({ type: 'identify', event: '$identify', properties: { email: 'ana@example.com', name: 'Ana' } }), pii, SECRET);
    expect(identify.properties).toEqual({ email: hashed, name: 'Ana' });
    const posthog = redactEvent(
      event({ event: '$pageview', properties: { $set: { email: 'ana@example.com' }, $set_once: { email: 'ana@example.com', name: 'A' }, $current_url: 'https://x.test' } }),
      pii,
      SECRET,
    );
    expect(posthog.properties).toEqual({ $set: { email: hashed }, $set_once: { email: hashed, name: 'A' }, $current_url: 'https://x.test' });
    const segment = redactEvent(event({ event: 'Viewed', context: { traits: { email: 'ana@example.com' }, library: { name: 'analytics-node', version: '2.1.0' } } }), pii, SECRET);
    expect(segment.context).toEqual({ traits: { email: hashed }, library: { name: 'analytics-node', version: '2.1.0' } });
  });

  it('returns the same event when nothing is marked or present (no copy on the hot path)', () => {
    const unplanned = event({ event: 'Unplanned', properties: { email: 'kept@example.com' } });
    expect(redactEvent(unplanned, pii, SECRET)).toBe(unplanned);
    const noPii = event({ properties: { plan: 'pro' } });
    expect(redactEvent(noPii, pii, SECRET)).toBe(noPii);
  });
});

describe('EventPiiRedactor', () => {
  const events = [event({ properties: { email: 'ana@example.com' } })];

  it('applies the current plan, and passes events through untouched while none is published', async () => {
    const withPlan = new EventPiiRedactor(reader(async () => ({ version: 1, mode: 'OFF', document: plan, piiSecret: SECRET })));
    expect((await withPlan.redact(PROJECT, events))[0]?.properties).toEqual({ email: hashPiiValue('ana@example.com', SECRET) });
    const without = new EventPiiRedactor(reader(async () => undefined));
    expect(await without.redact(PROJECT, events)).toBe(events);
  });

  it('answers SERVICE_UNAVAILABLE (nothing stored, SDKs retry) when the plan cannot be read', async () => {
    const down = new EventPiiRedactor(
      reader(async () => {
        throw new Error('connection refused');
      }),
    );
    const error = await down.redact(PROJECT, events).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
