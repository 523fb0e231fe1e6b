import { JSONCodec, type NatsConnection, type Subscription } from 'nats';
import type { BacklogItemDto, EvidenceDto, SuccessMetricDto, SuccessMetricEvaluationDto } from '@fulcrum/contracts';
import { type RequestEnvelope, envelopeFromHeaders } from '@fulcrum/messaging';
import { FakeRpcError } from '@fulcrum/testing';

type Handler = (data: Record<string, unknown>) => unknown;

/** One request the gateway sent, with the request envelope of its NATS headers. */
export interface RecordedCall {
  subject: string;
  data: Record<string, unknown>;
  envelope: RequestEnvelope;
}

/**
 * Stands in for the backlog service (and whatever else `patterns` name): answers request/reply
 * subjects in the reply format of Nest's NATS transport and records every request with its
 * envelope, so a test sees exactly what the gateway sent and on whose behalf. A subject without a
 * handler is answered INTERNAL; a handler throws FakeRpcError to answer a domain error.
 */
export class FakeBacklog {
  readonly calls: RecordedCall[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly codec = JSONCodec<Record<string, unknown>>();
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly nc: NatsConnection,
    patterns: readonly string[] = ['backlog.>'],
  ) {
    for (const pattern of patterns) {
      const sub = this.nc.subscribe(pattern);
      this.subscriptions.push(sub);
      void (async () => {
        for await (const msg of sub) {
          const packet = this.codec.decode(msg.data) as { id: string; data: Record<string, unknown> };
          this.calls.push({ subject: msg.subject, data: packet.data, envelope: envelopeFromHeaders(msg.headers) });
          const handler = this.handlers.get(msg.subject);
          let reply: Record<string, unknown>;
          try {
            if (!handler) throw new FakeRpcError({ code: 'INTERNAL', message: `no fake for ${msg.subject}` });
            reply = { id: packet.id, response: await handler(packet.data), isDisposed: true };
          } catch (error) {
            const payload = error instanceof FakeRpcError ? error.payload : { code: 'INTERNAL', message: String(error) };
            reply = { id: packet.id, err: payload, isDisposed: true };
          }
          msg.respond(this.codec.encode(reply));
        }
      })();
    }
  }

  on(subject: string, handler: Handler): this {
    this.handlers.set(subject, handler);
    return this;
  }

  callsTo(subject: string): RecordedCall[] {
    return this.calls.filter((call) => call.subject === subject);
  }

  /** The payload of the one request sent on a subject (throws unless there was exactly one). */
  only(subject: string): Record<string, unknown> {
    const calls = this.callsTo(subject);
    if (calls.length !== 1) throw new Error(`expected one request on ${subject}, got ${calls.length}`);
    return (calls[0] as RecordedCall).data;
  }

  reset(): void {
    this.calls.length = 0;
    this.handlers.clear();
  }

  stop(): void {
    for (const sub of this.subscriptions) sub.unsubscribe();
  }
}

export const ITEM_ID = '0b9a1a2e-6f3c-4d5e-8f70-9a1b2c3d4e5f';
export const OTHER_ITEM_ID = '1c8b2b3f-7a4d-4e6f-9a81-0b2c3d4e5f60';

/** An item as the backlog service replies with it. */
export function itemDto(projectId: string, overrides: Partial<BacklogItemDto> = {}): BacklogItemDto {
  return {
    id: ITEM_ID,
    projectId,
    key: 'SHOP-7',
    number: 7,
    track: 'PRODUCT',
    kind: 'HYPOTHESIS',
    title: 'Guest checkout lifts conversion',
    description: '# Why\n<script>alert(1)</script> stays as sent',
    estimate: '3',
    owners: [],
    labels: ['checkout'],
    state: 'ICEBOX',
    rank: 'a0',
    version: 1,
    deliveredAt: null,
    acceptedAt: null,
    acceptedBy: null,
    acceptanceOverrideReason: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    createdBy: 'user:00000000-0000-4000-8000-000000000001',
    updatedAt: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}

export function evidenceDto(projectId: string, source: EvidenceDto['source'], overrides: Partial<EvidenceDto> = {}): EvidenceDto {
  return {
    id: '2d7c3c40-8b5e-4f70-8b92-1c3d4e5f6071',
    projectId,
    itemId: ITEM_ID,
    stance: 'SUPPORTS',
    narrative: 'Conversion rose **4 points**.',
    source,
    attachedAt: '2026-03-02T09:00:00.000Z',
    attachedBy: 'user:00000000-0000-4000-8000-000000000002',
    attachedByName: 'Dana DS',
    withdrawal: null,
    ...overrides,
  };
}

export const METRIC_ID = '3e6d4d51-9c6f-4081-9ca3-2d4e5f607182';

export function evaluationDto(projectId: string, overrides: Partial<SuccessMetricEvaluationDto> = {}): SuccessMetricEvaluationDto {
  return {
    id: '4f5e5e62-ad70-4192-8db4-3e5f60718293',
    metricId: METRIC_ID,
    itemId: ITEM_ID,
    projectId,
    metricRevision: 1,
    definition: metricDefinition(),
    verdict: 'MET',
    value: 42.5,
    baseline: null,
    changePercent: null,
    comparator: 'AT_LEAST',
    target: 40,
    window: { from: '2026-03-05T00:00:00.000Z', to: '2026-03-19T00:00:00.000Z' },
    range: { from: '2026-03-05T00:00:00.000Z', to: '2026-03-19T00:00:00.000Z' },
    baselineRange: null,
    windowComplete: true,
    dataVersion: '812',
    queryFingerprint: `sha256:${'ab'.repeat(32)}`,
    baselineQueryFingerprint: null,
    reason: null,
    trigger: 'REQUEST',
    evaluatedAt: '2026-03-20T08:00:00.000Z',
    evaluatedBy: 'user:00000000-0000-4000-8000-000000000003',
    evaluatedByName: 'Pat PM',
    ...overrides,
  };
}

export function metricDefinition(): SuccessMetricDto['definition'] {
  return {
    name: 'Checkout conversion',
    insight: { kind: 'FUNNEL', query: { steps: [{ event: 'cart' }, { event: 'paid' }] } },
    statistic: { kind: 'FUNNEL_LAST_STEP_CONVERSION' },
    comparator: 'AT_LEAST',
    target: 40,
    window: { anchor: 'DELIVERED', days: 14 },
    timeZone: 'Europe/Berlin',
  };
}

export function metricDto(projectId: string, overrides: Partial<SuccessMetricDto> = {}): SuccessMetricDto {
  return {
    id: METRIC_ID,
    projectId,
    itemId: ITEM_ID,
    definition: metricDefinition(),
    revision: 1,
    createdAt: '2026-03-02T10:00:00.000Z',
    createdBy: 'user:00000000-0000-4000-8000-000000000002',
    updatedAt: '2026-03-02T10:00:00.000Z',
    updatedBy: 'user:00000000-0000-4000-8000-000000000002',
    retirement: null,
    latestEvaluation: evaluationDto(projectId),
    ...overrides,
  };
}
