import { JSONCodec, type NatsConnection, type Subscription } from 'nats';
import type { DomainErrorPayload } from '@fulcrum/contracts';

/** Thrown by a fake handler: answered the way Nest's NATS transport answers a DomainError. */
export class FakeRpcError {
  constructor(readonly payload: DomainErrorPayload) {}
}

export type FakeHandler = (data: Record<string, unknown>) => unknown;

/**
 * Stands in for a service on NATS: answers request/reply subjects in the reply format of Nest's
 * NATS transport (`{ id, response, isDisposed }` / `{ id, err, isDisposed }`) and records every
 * request. A subject without a handler is answered INTERNAL.
 */
export class FakeResponder {
  readonly calls: Array<{ subject: string; data: Record<string, unknown> }> = [];
  private readonly handlers = new Map<string, FakeHandler>();
  private readonly codec = JSONCodec<Record<string, unknown>>();
  private readonly subscriptions: Subscription[] = [];

  constructor(private readonly nc: NatsConnection) {}

  /** Answers every subject under these wildcards (e.g. `ingest.>`). */
  listen(...patterns: string[]): this {
    for (const pattern of patterns) {
      const sub = this.nc.subscribe(pattern);
      this.subscriptions.push(sub);
      void (async () => {
        for await (const msg of sub) {
          const packet = this.codec.decode(msg.data) as { id: string; data: Record<string, unknown> };
          this.calls.push({ subject: msg.subject, data: packet.data });
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
    return this;
  }

  on(subject: string, handler: FakeHandler): this {
    this.handlers.set(subject, handler);
    return this;
  }

  callsTo(subject: string): Array<Record<string, unknown>> {
    return this.calls.filter((c) => c.subject === subject).map((c) => c.data);
  }

  stop(): void {
    for (const sub of this.subscriptions) sub.unsubscribe();
  }
}
