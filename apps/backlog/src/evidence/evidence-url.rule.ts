import { DomainError, EVIDENCE_LIMITS } from '@fulcrum/contracts';

/**
 * A link is evidence only if a browser can open it as a web page: it must parse, be http or https
 * and name a host. Anything else (javascript:, data:, file:, a bare word) is refused, so a client
 * that renders the link cannot be turned into a script runner. Returned exactly as sent.
 */
export function assertEvidenceUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidUrl('is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidUrl('must be http or https');
  if (url.hostname === '') throw invalidUrl('has no host');
  if (raw.length > EVIDENCE_LIMITS.maxUrlLength) throw invalidUrl(`is longer than ${EVIDENCE_LIMITS.maxUrlLength} characters`);
  return raw;
}

/** The narrative's bound is 64 KiB of UTF-8 (the schema only bounds characters). */
export function assertNarrative(narrative: string): void {
  const bytes = Buffer.byteLength(narrative, 'utf8');
  if (bytes > EVIDENCE_LIMITS.maxNarrativeBytes) {
    throw new DomainError('VALIDATION_FAILED', `The narrative is ${bytes} bytes of UTF-8; at most ${EVIDENCE_LIMITS.maxNarrativeBytes} are kept.`, {
      field: 'narrative',
    });
  }
}

function invalidUrl(why: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `The evidence URL ${why}.`, { field: 'source.url' });
}
