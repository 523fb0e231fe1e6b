import { connect, type NatsConnection } from 'nats';

export interface NatsConnectionOptions {
  url: string;
  /** Shown in `nats-server` monitoring; use the service name. */
  name: string;
}

/**
 * A connection that keeps reconnecting for ever: a broker outage must not kill a service,
 * callers see the outage as errors on publish/request (and map them to 503 / SERVICE_UNAVAILABLE).
 */
export function connectNats(options: NatsConnectionOptions): Promise<NatsConnection> {
  return connect({
    servers: options.url,
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    pingInterval: 10_000,
  });
}
