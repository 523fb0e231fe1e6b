/** The backlog service's own NATS connection (publishing audit actions to JetStream). */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
