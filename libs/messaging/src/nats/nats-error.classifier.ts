import { ErrorCode as NatsErrorCode, NatsError } from 'nats';

/**
 * True when a NATS failure means "the broker is not reachable right now" (so the caller should
 * answer 503 and the client retry), as opposed to a bug on our side.
 */
export function isBrokerUnavailable(error: unknown): boolean {
  if (!(error instanceof NatsError)) return false;
  return (
    [
      NatsErrorCode.ConnectionClosed,
      NatsErrorCode.ConnectionDraining,
      NatsErrorCode.ConnectionRefused,
      NatsErrorCode.ConnectionTimeout,
      NatsErrorCode.Disconnect,
      NatsErrorCode.NoResponders,
      NatsErrorCode.Timeout,
      NatsErrorCode.JetStreamNotEnabled,
      NatsErrorCode.JetStream408RequestTimeout,
    ] as string[]
  ).includes(error.code);
}
