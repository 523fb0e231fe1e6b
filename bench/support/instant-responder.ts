import type { Msg, NatsConnection, Subscription } from 'nats';
import { ENVELOPE_HEADERS } from '@fulcrum/messaging';

/**
 * Answers Nest-over-NATS RPC requests (`{ id, data }` → `{ id, response, isDisposed }`) at once, in
 * the subscription callback, so that a downstream service costs a benchmark only its NATS round
 * trip. Fixed answers are serialised once. It counts the requests that carried the request
 * envelope (an actor header) and those that did not, so a benchmark can check what it compares.
 */
export class InstantResponder {
  private readonly fixed = new Map<string, string>();
  private readonly computed = new Map<string, (data: Record<string, unknown>) => unknown>();
  private readonly subscriptions: Subscription[] = [];
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  readonly requests = { withEnvelope: 0, withoutEnvelope: 0 };

  constructor(private readonly nc: NatsConnection) {}

  /** The same reply every time (serialised once). */
  answer(subject: string, response: unknown): this {
    this.fixed.set(subject, JSON.stringify(response));
    return this;
  }

  /** A reply computed from the request's payload (set-up calls such as creating a project). */
  handle(subject: string, reply: (data: Record<string, unknown>) => unknown): this {
    this.computed.set(subject, reply);
    return this;
  }

  /** Answers every subject under these wildcards; a subject without an answer gets an INTERNAL error. */
  listen(...patterns: string[]): this {
    for (const pattern of patterns) this.subscriptions.push(this.nc.subscribe(pattern, { callback: (error, msg) => error ?? this.reply(msg) }));
    return this;
  }

  stop(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  private reply(msg: Msg): void {
    const packet = JSON.parse(this.decoder.decode(msg.data)) as { id: string; data: Record<string, unknown> };
    if (msg.headers?.has(ENVELOPE_HEADERS.actorId)) this.requests.withEnvelope += 1;
    else this.requests.withoutEnvelope += 1;
    const id = JSON.stringify(packet.id);
    let body: string;
    try {
      const fixed = this.fixed.get(msg.subject);
      const computed = this.computed.get(msg.subject);
      if (fixed === undefined && computed === undefined) throw new Error(`no answer for ${msg.subject}`);
      body = `{"id":${id},"response":${fixed ?? JSON.stringify(computed?.(packet.data))},"isDisposed":true}`;
    } catch (error) {
      body = JSON.stringify({ id: packet.id, err: { code: 'INTERNAL', message: (error as Error).message }, isDisposed: true });
    }
    msg.respond(this.encoder.encode(body));
  }
}
