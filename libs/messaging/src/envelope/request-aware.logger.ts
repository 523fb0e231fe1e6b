import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { currentEnvelope } from './request-envelope';

interface JsonLogOptions {
  context: string;
  logLevel: LogLevel;
  writeStreamType?: 'stdout' | 'stderr';
  errorStack?: unknown;
}

/**
 * Nest's console logger, with the request id of the request being handled (from the request
 * envelope in async-local storage: an RPC, a GraphQL or ingest HTTP request) on every line:
 * `... LOG [Context] [req <id>] message`, or a `requestId` field in JSON mode. One request can then
 * be followed through the logs of every service with `grep 'req <id>'`. Install it when the Nest
 * application is created (`logger: new RequestAwareLogger()`), so that every `Logger` writes through it.
 */
export class RequestAwareLogger extends ConsoleLogger {
  protected override formatContext(context: string): string {
    const requestId = currentEnvelope()?.requestId;
    const formatted = super.formatContext(context);
    return requestId === undefined ? formatted : `${formatted}[req ${requestId}] `;
  }

  protected override getJsonLogObject(message: unknown, options: JsonLogOptions): ReturnType<ConsoleLogger['getJsonLogObject']> & { requestId?: string } {
    const object = super.getJsonLogObject(message, options);
    const requestId = currentEnvelope()?.requestId;
    return requestId === undefined ? object : { ...object, requestId };
  }
}
