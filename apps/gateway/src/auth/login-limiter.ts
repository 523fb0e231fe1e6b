import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError } from '@fulcrum/contracts';
import { resolveAuthSettings } from '../config/auth.env';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.env';
import { returningRows } from '../people/returning-rows';
import { type LoginLimitPolicy, addressLimitKey, emailLimitKey, retryAfterMs, retryAfterSeconds } from './login-limit.rules';

/** An attempt in flight: its rows in login_failures, one per key. */
export interface LoginAttempt {
  ids: string[];
  emailKey: string;
}

/**
 * Counts failed logins in the database (login-limit.rules.ts for the policy), so two gateway
 * replicas share one count. Usage: `begin` before checking the password (refuses with RATE_LIMITED
 * when a key is over its limit), then `succeeded` or `failed`.
 */
@Injectable()
export class LoginLimiter {
  private readonly perEmail: LoginLimitPolicy;
  private readonly perAddress: LoginLimitPolicy;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    const settings = resolveAuthSettings(config);
    const windowMs = settings.loginFailureWindowSeconds * 1000;
    this.perEmail = { maxFailures: settings.loginMaxFailuresPerEmail, windowMs };
    this.perAddress = { maxFailures: settings.loginMaxFailuresPerAddress, windowMs };
  }

  async begin(email: string, address: string): Promise<LoginAttempt> {
    const keys: Array<[string, LoginLimitPolicy]> = [
      [emailLimitKey(email), this.perEmail],
      [addressLimitKey(address), this.perAddress],
    ];
    // Record first, then count the others: two concurrent attempts always see each other.
    const inserted = (await this.dataSource.query(`INSERT INTO login_failures (key) SELECT unnest($1::text[]) RETURNING id::text AS id, now() AS now`, [
      keys.map(([key]) => key),
    ])) as Array<{ id: string; now: Date }>;
    const ids = inserted.map((row) => row.id);
    const now = (inserted[0] as { now: Date }).now.getTime();
    let waitMs = 0;
    for (const [key, policy] of keys) {
      const rows = (await this.dataSource.query(
        `SELECT failed_at FROM login_failures WHERE key = $1 AND failed_at > $2 AND NOT (id = ANY($3::bigint[]))`,
        [key, new Date(now - policy.windowMs), ids],
      )) as Array<{ failed_at: Date }>;
      const wait = retryAfterMs(
        rows.map((row) => row.failed_at.getTime()),
        policy,
        now,
      );
      if (wait !== undefined) waitMs = Math.max(waitMs, wait);
    }
    if (waitMs > 0) {
      await this.forget(ids);
      const retryAfter = retryAfterSeconds(waitMs);
      throw new DomainError('RATE_LIMITED', `Too many failed logins; retry in ${retryAfter} s.`, { retryAfterSeconds: retryAfter });
    }
    return { ids, emailKey: keys[0]?.[0] as string };
  }

  /** The attempt was right: it is no failure, and earlier failures of this email are forgiven. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_failures WHERE id = ANY($1::bigint[]) OR key = $2`, [attempt.ids, attempt.emailKey]);
  }

  /** The attempt was wrong: its rows stay as failures (nothing to do; named for the reader). */
  failed(_attempt: LoginAttempt): Promise<void> {
    return Promise.resolve();
  }

  /** Housekeeping: drops failures too old to count. */
  async deleteOld(): Promise<number> {
    const windowMs = Math.max(this.perEmail.windowMs, this.perAddress.windowMs);
    const result: unknown = await this.dataSource.query(`DELETE FROM login_failures WHERE failed_at < now() - $1 * interval '1 millisecond' RETURNING id`, [
      windowMs,
    ]);
    return returningRows(result).length;
  }

  private async forget(ids: readonly string[]): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_failures WHERE id = ANY($1::bigint[])`, [ids]);
  }
}
