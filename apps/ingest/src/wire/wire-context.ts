/** What a wire mapper needs to know about the request besides its body. */
export interface WireContext {
  /** The project the write key resolved to; every mapped event belongs to it. */
  projectId: string;
  /** When the collector received the request (server clock). Used for `receivedAt` and clock-skew correction. */
  receivedAt: Date;
  /** Generates an event id for events that arrive without one. */
  newId(): string;
}
