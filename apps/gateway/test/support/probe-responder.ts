import { RPC } from '@fulcrum/contracts';
import { type FakeResponder, FakeRpcError } from '@fulcrum/testing';

/** The domain code every probed service subject answers with: never one of the guard's codes. */
export const PROBE_ERROR_CODE = 'CONFLICT';

/** The message of a probe answer: says which subject the call reached. */
export function probeMessage(subject: string): string {
  return `probe reached ${subject}`;
}

/**
 * Makes `responder` answer every RPC subject of the services (ingest, analytics, governance,
 * backlog: all of `RPC`) at once with CONFLICT "probe reached <subject>", except the subjects in `keep` (whose
 * handlers stay as they are). A call that gets past the guard therefore ends in milliseconds with
 * an answer that is plainly the service's, never in an RPC timeout. The responder must listen on
 * the subjects (`listen('ingest.>', 'analytics.>', 'governance.>', 'backlog.>')`); a subject outside `RPC` is
 * answered INTERNAL by FakeResponder, just as fast.
 */
export function answerEverySubjectWithProbeError(responder: FakeResponder, keep: readonly string[] = []): void {
  for (const subject of Object.values(RPC)) {
    if (keep.includes(subject)) continue;
    responder.on(subject, () => {
      throw new FakeRpcError({ code: PROBE_ERROR_CODE, message: probeMessage(subject), details: { probe: subject } });
    });
  }
}
