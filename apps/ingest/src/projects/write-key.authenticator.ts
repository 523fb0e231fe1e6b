import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DomainError } from '@fulcrum/contracts';
import { TrustWindowCache } from '@fulcrum/persistence';
import { WriteKeyUsageRecorder } from './write-key-usage.recorder';
import { hashWriteKey } from './write-key.secret';
import { type ActiveWriteKey, WriteKeysRepository } from './write-keys.repository';

/** Printable ASCII without spaces, at most 256 characters: every key we issue (`wk_` + base64url) fits. */
const WRITE_KEY_SHAPE = /^[\x21-\x7e]{1,256}$/;

/**
 * The collector's hot path: which active key of which project a write key is. One indexed lookup
 * per key per 500 ms per replica (`TrustWindowCache`, libs/persistence), so a revocation holds everywhere within 1 s.
 */
@Injectable()
export class WriteKeyAuthenticator implements OnModuleDestroy {
  private readonly logger = new Logger('WriteKeys');
  private readonly cache: TrustWindowCache<ActiveWriteKey>;
  private readonly usage: WriteKeyUsageRecorder;

  constructor(private readonly repository: WriteKeysRepository) {
    this.cache = new TrustWindowCache((key) => this.repository.findActiveByHash(hashWriteKey(key)));
    this.usage = new WriteKeyUsageRecorder(
      (id, at) => this.repository.touchLastUsed(id, at),
      (error) => this.logger.warn(`Could not record a write key's last use: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /**
   * The active key `key` is, or undefined (the caller answers 401). When the database cannot be
   * asked, SERVICE_UNAVAILABLE (503 with Retry-After, which the SDKs retry): an answer older than
   * 500 ms is never used instead, or a revoked key could outlive its revocation.
   */
  async authenticate(key: string): Promise<ActiveWriteKey | undefined> {
    // A key no project can have (NUL, spaces, non-ASCII, absurd length) is answered without a query.
    if (!WRITE_KEY_SHAPE.test(key)) return undefined;
    let found: ActiveWriteKey | null;
    try {
      found = await this.cache.resolve(key);
    } catch (error) {
      this.logger.error(`Write key lookup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      throw new DomainError('SERVICE_UNAVAILABLE', 'Write keys cannot be checked right now; nothing of the request is stored. Retry later.');
    }
    if (!found) return undefined;
    this.usage.record(found.writeKeyId);
    return found;
  }

  /** This replica stops accepting a key it has just revoked at once (the others within 500 ms). */
  forget(writeKeyId: string): void {
    this.cache.forgetWhere((key) => key.writeKeyId === writeKeyId);
  }

  async onModuleDestroy(): Promise<void> {
    await this.usage.flush();
  }
}
