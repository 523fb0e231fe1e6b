import { type NatsOptions, Transport } from '@nestjs/microservices';

/** Nest NATS transport options: every replica of a service listens in the queue group named after it. */
export function natsMicroserviceOptions(url: string, queueGroup: string): NatsOptions {
  return {
    transport: Transport.NATS,
    options: {
      servers: [url],
      queue: queueGroup,
      name: `${queueGroup}-rpc`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      waitOnFirstConnect: true,
      gracefulShutdown: true,
      gracePeriod: 1_000,
    },
  };
}

/** Nest NATS client options for a caller (the gateway). */
export function natsClientOptions(url: string, name: string): NatsOptions['options'] {
  return { servers: [url], name, maxReconnectAttempts: -1, reconnectTimeWait: 500, waitOnFirstConnect: true };
}
