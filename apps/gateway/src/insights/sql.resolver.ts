import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { DomainError, RPC, SQL_QUERY_LIMITS } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { AsOfDataVersionArg } from './insight.args';
import { ProjectTimeZoneLookup } from '../projects/project-time-zone.lookup';
import { SqlResult } from './sql.model';
import { Envelope } from '../envelope/request-envelope.decorator';

/**
 * The time limit range a query may ask for: the contract's (checked here too, before any RPC, and
 * again by the analytics service). Its maximum is under the gateway's 15 s RPC timeout, so a slow
 * query ends in its own SQL_TIMEOUT, never in SERVICE_UNAVAILABLE while it still runs.
 */
export const GATEWAY_SQL_MAX_TIMEOUT_MS = SQL_QUERY_LIMITS.maxTimeoutMs;

/** Sandboxed read-only SQL for data scientists and admins. */
@Resolver(() => SqlResult)
export class SqlResolver {
  constructor(
    private readonly rpc: RpcClient,
    private readonly projects: ProjectTimeZoneLookup,
  ) {}

  @Query(() => SqlResult, {
    description:
      "Runs one read-only DuckDB SELECT over the project's `events` and `persons` views as of one data version (data scientists and admins; docs/sql-sandbox.md). Writes, files, network, settings and other projects' data are refused with SQL_NOT_ALLOWED; a query that does not parse or bind gives BAD_USER_INPUT (domainCode SQL_INVALID); one that runs past its time limit SQL_TIMEOUT; one that needs more memory or temporary disk than the service allows, or builds a value over the sandbox's size bounds, RESOURCE_EXHAUSTED.",
  })
  async sql(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', { type: () => ID, description: 'The project whose events and persons the query sees (NOT_FOUND when unknown).' }) projectId: string,
    @Args('query', { description: 'One DuckDB SELECT statement (at most 100,000 characters); a trailing semicolon is allowed.' }) query: string,
    @Args('maxRows', { type: () => Int, nullable: true, description: `Most rows returned: default ${SQL_QUERY_LIMITS.defaultMaxRows}, at most ${SQL_QUERY_LIMITS.maxMaxRows} (more set \`truncated\`).` })
    maxRows?: number | null,
    @Args('timeoutMs', {
      type: () => Int,
      nullable: true,
      description: `Time limit in milliseconds: default and at most ${GATEWAY_SQL_MAX_TIMEOUT_MS}, at least ${SQL_QUERY_LIMITS.minTimeoutMs}. Past it the query is interrupted (SQL_TIMEOUT).`,
    })
    timeoutMs?: number | null,
    @AsOfDataVersionArg() asOfDataVersion?: string | null,
  ): Promise<SqlResult> {
    if (timeoutMs !== null && timeoutMs !== undefined && timeoutMs > GATEWAY_SQL_MAX_TIMEOUT_MS) {
      throw new DomainError('VALIDATION_FAILED', `timeoutMs may be at most ${GATEWAY_SQL_MAX_TIMEOUT_MS}; got ${timeoutMs}.`, {
        field: 'timeoutMs',
        max: GATEWAY_SQL_MAX_TIMEOUT_MS,
      });
    }
    if (timeoutMs !== null && timeoutMs !== undefined && timeoutMs < SQL_QUERY_LIMITS.minTimeoutMs) {
      throw new DomainError('VALIDATION_FAILED', `timeoutMs must be at least ${SQL_QUERY_LIMITS.minTimeoutMs}; got ${timeoutMs}.`, {
        field: 'timeoutMs',
        min: SQL_QUERY_LIMITS.minTimeoutMs,
      });
    }
    // Unknown project → NOT_FOUND, rather than an empty result that looks like "no events yet".
    await this.projects.timeZoneOf(projectId, envelope);
    const reply = await this.rpc.request(RPC.analyticsSqlRun, {
      projectId,
      query,
      ...(asOfDataVersion !== null && asOfDataVersion !== undefined && { asOfDataVersion }),
      ...(maxRows !== null && maxRows !== undefined && { maxRows }),
      ...(timeoutMs !== null && timeoutMs !== undefined && { timeoutMs }),
    }, { envelope });
    return {
      dataVersion: reply.dataVersion,
      columns: reply.columns.map((c) => ({ name: c.name, type: c.type })),
      // The JSON scalar checks every value when the response is serialized.
      rows: reply.rows,
      rowCount: reply.rowCount,
      truncated: reply.truncated,
      elapsedMs: reply.elapsedMs,
    };
  }
}
