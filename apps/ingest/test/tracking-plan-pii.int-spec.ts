import { Analytics } from '@segment/analytics-node';
import { PostHog } from 'posthog-node';
import { RPC, STREAMS, type TrackingPlanDocumentDto } from '@fulcrum/contracts';
import type { RunningIngest } from '../src/ingest.bootstrap';
import { type IngestStack, startIngestStack } from './support/ingest.harness';

const EMAIL = 'ana.pii-test@example.com';
const PHONE = '+34-600-123-987';
const HASHED = /^hmac-sha256:[0-9a-f]{64}$/;

const plan: TrackingPlanDocumentDto = {
  events: [
    {
      name: 'Signed Up',
      description: 'A person created an account',
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

/**
 * PII before storage (issue 12 §4): with a published plan, values marked PII are dropped or hashed
 * by ingest before the event is published, so the raw value is nowhere on the EVENTS stream. Events
 * come from the official SDKs (posthog-node, @segment/analytics-node) and the native API.
 */
describe('PII rules of the tracking plan, applied before JetStream (real nats-server, PGlite, real SDKs)', () => {
  let stack: IngestStack;
  let ingest: RunningIngest;
  let projectId: string;
  let writeKey: string;

  beforeAll(async () => {
    stack = await startIngestStack('pglite');
    ingest = await stack.startIngest({ databaseUrl: undefined });
    const created = await stack.rpc.request(RPC.ingestProjectsCreate, { name: 'Private' });
    projectId = created.project.id;
    writeKey = created.writeKey;
    await stack.rpc.request(RPC.ingestTrackingPlanPublish, { projectId, basedOnVersion: null, document: plan as unknown as Record<string, unknown> });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('hashes and drops marked properties and traits from every front door; the raw values never reach the stream', async () => {
    // The plan is read through a cache of at most 500 ms: wait it out, as a replica would.
    await new Promise((r) => setTimeout(r, 600));
    const posthog = new PostHog(writeKey, { host: ingest.url, flushAt: 10, flushInterval: 0 });
    posthog.capture({ distinctId: 'u-1', event: 'Signed Up', properties: { email: EMAIL, phone: PHONE, plan: 'pro', $set: { email: EMAIL, name: 'Ana' } } });
    posthog.identify({ distinctId: 'u-1', properties: { email: EMAIL, name: 'Ana' } });
    await posthog.shutdown(20_000);

    const segment = new Analytics({ writeKey, host: ingest.url, flushAt: 3, maxRetries: 3 });
    const errors: unknown[] = [];
    segment.on('error', (e) => errors.push(e));
    segment.track({ userId: 'u-2', event: 'Signed Up', properties: { email: EMAIL, phone: PHONE, plan: 'free' }, context: { traits: { email: EMAIL, name: 'Bo' } } });
    segment.identify({ userId: 'u-2', traits: { email: EMAIL, name: 'Bo' } });
    // An event the plan does not define keeps its properties: the rules belong to definitions.
    segment.track({ userId: 'u-2', event: 'Opened Settings', properties: { section: 'privacy' } });
    await segment.closeAndFlush({ timeout: 20_000 });
    expect(errors).toEqual([]);

    const native = await fetch(`${ingest.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ id: 'n-1', event: 'Signed Up', userId: 'u-3', timestamp: '2026-12-07T10:00:00Z', properties: { email: EMAIL, phone: PHONE } }] }),
    });
    expect(native.status).toBe(200);

    const events = await stack.streamedEvents();
    const signedUp = events.filter((e) => e.event === 'Signed Up');
    expect(signedUp).toHaveLength(3);
    const hashes = new Set<unknown>();
    for (const e of signedUp) {
      expect(e.properties['email']).toMatch(HASHED);
      expect(e.properties).not.toHaveProperty('phone');
      hashes.add(e.properties['email']);
    }
    // One value, one secret: one hash (so counting unique emails still works).
    expect(hashes.size).toBe(1);
    const [hash] = [...hashes];
    const posthogSignUp = signedUp.find((e) => e.userId === 'u-1');
    expect(posthogSignUp?.properties['$set']).toEqual({ email: hash, name: 'Ana' });
    const segmentSignUp = signedUp.find((e) => e.userId === 'u-2');
    expect(segmentSignUp?.context['traits']).toEqual({ email: hash, name: 'Bo' });
    const identifies = events.filter((e) => e.type === 'identify');
    expect(identifies.length).toBeGreaterThanOrEqual(2);
    for (const e of identifies) expect(JSON.stringify(e)).toContain(String(hash));
    expect(events.find((e) => e.event === 'Opened Settings')?.properties).toEqual({ section: 'privacy' });

    // The raw values are nowhere in the stream's bytes.
    const jsm = await stack.nc.jetstreamManager();
    const { state } = await jsm.streams.info(STREAMS.events.name);
    let bytes = '';
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) bytes += new TextDecoder().decode((await jsm.streams.getMessage(STREAMS.events.name, { seq })).data);
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes).not.toContain(EMAIL);
    expect(bytes).not.toContain(PHONE);
  });
});
