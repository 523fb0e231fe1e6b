import type { INestMicroservice } from '@nestjs/common';
import type { NatsConnection } from 'nats';

/**
 * Waits until nats-server has registered the request/reply subscriptions of started Nest NATS
 * microservices. `listen()` resolves once the SUB commands are queued, not processed; a request
 * published by another connection in that gap is dropped silently (Nest replies via a plain
 * reply inbox, so there is no "no responders" status) and the caller times out. A flush is a
 * PING/PONG round trip: once it returns, the server has processed every SUB sent before it.
 */
export async function awaitMicroserviceSubscriptions(microservices: readonly INestMicroservice[]): Promise<void> {
  await Promise.all(microservices.map((m) => m.unwrap<NatsConnection>().flush()));
}
