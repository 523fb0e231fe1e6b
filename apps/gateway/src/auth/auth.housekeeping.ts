import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LoginLimiter } from './login-limiter';
import { SessionsRepository } from './sessions.repository';

const SWEEP_INTERVAL_MS = 10 * 60_000;

/**
 * Every ten minutes, deletes sessions past their limits and login failures too old to count. Only
 * tidiness: expired sessions and old failures are already ignored where they are read. Several
 * replicas sweeping at once is harmless.
 */
@Injectable()
export class AuthHousekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuthHousekeeping.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly limiter: LoginLimiter,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    try {
      const sessions = await this.sessions.deleteExpired(new Date());
      const failures = await this.limiter.deleteOld();
      if (sessions + failures > 0) this.logger.log(`removed ${sessions} expired sessions and ${failures} old login failures`);
    } catch (error) {
      this.logger.warn(`housekeeping failed (retried in ${SWEEP_INTERVAL_MS / 60_000} min): ${(error as Error).message}`);
    }
  }
}
