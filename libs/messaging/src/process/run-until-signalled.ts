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
      const stop = (signal: NodeJS.Signals): void => {
        if (closing) return;
        closing = true;
        logger.log(`${signal} received, shutting down`);
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
    },
    (error: unknown) => {
      logger.error(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
