/** The governance service's own NATS connection (JetStream consumers and publishing). */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
