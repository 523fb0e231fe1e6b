import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type CanonicalEvent, DomainError, INGEST_LIMITS, findUnstorableEvent, isStorableInstant } from '@fulcrum/contracts';
import { EventPublisher } from '../broker/event.publisher';
import { EventPiiRedactor } from '../tracking-plan/event-pii.redactor';
import type { ActiveWriteKey } from '../projects/write-keys.repository';
import { WriteKeyAuthenticator } from '../projects/write-key.authenticator';
import { AbandonedBody, OversizedBody } from './raw-body.parser';
import { decodeRequestBody } from '../wire/body-decoder';
import { mapNativeBody } from '../wire/native.mapper';
import { mapPosthogBody } from '../wire/posthog.mapper';
import { type SegmentRoute, mapSegmentBody } from '../wire/segment.mapper';
import type { WireContext } from '../wire/wire-context';
import { posthogApiKey, segmentWriteKey, writeKeyFromBearer } from '../wire/write-key.extractor';
import { WriteKeyRateLimiter } from './write-key.rate-limiter';

export interface RawRequest {
  body: Buffer | OversizedBody | AbandonedBody | undefined;
  contentType?: string;
  contentEncoding?: string;
  authorization?: string;
  /** A send time given outside the body (posthog-js `?_=`). */
  clientSentAt?: Date;
}

/**
 * The collector's one use case: authenticate, decode, map to canonical events, apply the tracking
 * plan's PII rules, charge the write key's rate limit, publish, and only then report success. Any failure leaves nothing half-accepted
 * from the client's point of view; a request refused by the rate limit stores nothing.
 */
@Injectable()
export class CollectorService {
  constructor(
    private readonly writeKeys: WriteKeyAuthenticator,
    private readonly rateLimiter: WriteKeyRateLimiter,
    private readonly publisher: EventPublisher,
    private readonly pii: EventPiiRedactor,
  ) {}

  async collectNative(request: RawRequest): Promise<number> {
    const receivedAt = new Date();
    const key = await this.authenticate(writeKeyFromBearer(request.authorization));
    const body = this.decode(request);
    return this.publish(key, mapNativeBody(body, context(key.projectId, receivedAt)));
  }

  async collectSegment(route: SegmentRoute, request: RawRequest): Promise<number> {
    const receivedAt = new Date();
    const body = this.decode(request);
    const key = await this.authenticate(segmentWriteKey(request.authorization, body));
    return this.publish(key, mapSegmentBody(route, body, context(key.projectId, receivedAt)));
  }

  async collectPosthog(request: RawRequest): Promise<number> {
    const receivedAt = new Date();
    if (request.clientSentAt !== undefined && !isStorableInstant(request.clientSentAt.getTime())) {
      // posthog-js's `?_=<epoch ms>` corrects every event's clock: one beyond the years 0001-9999 is refused, not ignored.
      throw new DomainError('VALIDATION_FAILED', '?_: the send time (epoch milliseconds) is outside the years 0001-9999 (UTC)', { field: '?_' });
    }
    const body = this.decode(request);
    const key = await this.authenticate(posthogApiKey(body));
    return this.publish(key, mapPosthogBody(body, context(key.projectId, receivedAt), { sentAt: request.clientSentAt }));
  }

  private decode(request: RawRequest): unknown {
    if (request.body instanceof AbandonedBody) {
      throw new DomainError('REQUEST_TIMEOUT', 'The request body did not arrive in full; nothing of it is stored.');
    }
    if (request.body instanceof OversizedBody) {
      throw new DomainError('BODY_TOO_LARGE', `The body (${request.body.receivedBytes} bytes) is larger than the collector reads.`, {
        limitBytes: INGEST_LIMITS.maxBatchBytes,
        sizeBytes: request.body.receivedBytes,
      });
    }
    return decodeRequestBody(request.body ?? Buffer.alloc(0), {
      contentType: request.contentType,
      contentEncoding: request.contentEncoding,
    });
  }

  private async authenticate(writeKey: string | undefined): Promise<ActiveWriteKey> {
    if (!writeKey) throw new DomainError('WRITE_KEY_MISSING', 'No write key: send it as the credential the API expects.');
    const key = await this.writeKeys.authenticate(writeKey);
    if (!key) throw new DomainError('WRITE_KEY_INVALID', 'The write key is not valid for any project (unknown or revoked).');
    return key;
  }

  /**
   * The plan's PII rules first (what is checked and stored is the redacted event), then the rate
   * limit, charged last before publishing: an invalid request costs nothing, a refused one stores nothing.
   */
  private async publish(key: ActiveWriteKey, events: CanonicalEvent[]): Promise<number> {
    const stored = await this.pii.redact(key.projectId, events);
    assertStorable(stored);
    this.rateLimiter.admit(key.writeKeyId, stored.length);
    await this.publisher.publish(key.projectId, stored, { writeKeyId: key.writeKeyId });
    return stored.length;
  }
}

/**
 * The last check before the acknowledgement: every mapped event meets the rule analytics stores by
 * (libs/contracts storable-event.rule). The wire readers already refuse what breaks it with the
 * sender's own field names; this catches what mapping produced (merged contexts, unmapped fields
 * moved one level down), so a 2xx never covers an event analytics would set aside.
 */
function assertStorable(events: readonly CanonicalEvent[]): void {
  for (let i = 0; i < events.length; i++) {
    const violation = findUnstorableEvent(events[i]);
    if (violation) {
      throw new DomainError('VALIDATION_FAILED', `event ${i} of the request (0-based), stored field ${violation.field}: ${violation.reason}`, {
        field: violation.field,
        eventIndex: i,
      });
    }
  }
}

function context(projectId: string, receivedAt: Date): WireContext {
  return { projectId, receivedAt, newId: randomUUID };
}
