import { Logger } from '@nestjs/common';

export interface Closable {
  close(): Promise<void>;
}

/**
 * Process shell of every service: start, then on SIGTERM/SIGINT close gracefully (drain NATS,
 * flush batches, close stores) and exit 0; a failed start or close exits 1 so a supervisor restarts it.
 */
export function runUntilSignalled(name: string, start: () => Promise<Closable>, closeTimeoutMs = 20_000): void {
  const logger = new Logger(name);
  start().then(
    (running) => {
      let closing = false;
      const stop = (reason: string): void => {
        if (closing) return;
        closing = true;
        logger.log(`${reason}: shutting down`);
        const timer = setTimeout(() => {
          logger.error(`did not close within ${closeTimeoutMs} ms, exiting`);
          process.exit(1);
        }, closeTimeoutMs);
        running.close().then(
          () => {
            clearTimeout(timer);
            process.exit(0);
          },
          (error: unknown) => {
            logger.error(`close failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      watchParent(() => stop('the launcher is gone'));
    },
    (error: unknown) => {
      logger.error(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}

/**
 * A service started by the launcher gets FULCRUM_PARENT_PID; if that process disappears (killed
 * with SIGKILL, say) the service shuts down by itself instead of living on as an orphan.
 */
function watchParent(onGone: () => void): void {
  const parent = Number(process.env['FULCRUM_PARENT_PID']);
  if (!Number.isInteger(parent) || parent <= 0) return;
  const timer = setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      clearInterval(timer);
      onGone();
    }
  }, 1_000);
  timer.unref();
}
