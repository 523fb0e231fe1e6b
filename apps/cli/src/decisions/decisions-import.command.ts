import { type DecisionInputDto, GOVERNANCE_LIMITS } from '@fulcrum/contracts';
import { type CliIo, EXIT } from '../cli-io';
import { resolveConnection } from './cli-connection.config';
import { CsvInputError, readCsvRecords } from './csv-record.reader';
import { type ColumnPlan, type MappingOptions, parseAttributeList, parseColumnMap, planColumns, toDecision } from './decision-columns.mapping';
import { BatchRequestError, type GraphqlConnection, recordDecisions } from './graphql-decisions.client';

export const DECISIONS_IMPORT_USAGE =
  'usage: fulcrum decisions import <file.csv> --project <id> --model-version <id> [--map field=column,...] [--attributes column,...] [--purpose <purpose>] ' +
  '[--graphql-url <url>] [--token <token>] [--batch-size <1-10000>] [--dry-run]';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * JSON budget of one request, below the gateway's 6 MiB body limit: a batch is cut early when its
 * rows are large (long ids, many attributes), whatever --batch-size says.
 */
export const MAX_BATCH_JSON_BYTES = 4 * 1024 * 1024;

/** Rows refused locally that are held back (to print in line order) before the batch is flushed early. */
const MAX_PENDING_PROBLEMS = 10_000;

interface ImportArgs {
  file: string;
  /** The project of the model version (the gateway checks the caller's role in it). */
  projectId: string;
  modelVersionId: string;
  mapping: MappingOptions;
  graphqlUrl?: string;
  token?: string;
  batchSize: number;
  dryRun: boolean;
}

interface Rejection {
  line: number;
  code: string;
  message: string;
}

interface Batch {
  decisions: DecisionInputDto[];
  lines: number[];
  jsonBytes: number;
  /** Rows refused before sending (bad score, empty required cell, wrong field count). */
  problems: Rejection[];
}

interface Totals {
  /** Rows of completed batches (sent or refused locally). */
  rows: number;
  /** Of those, rows sent (or, in a dry run, that would be). */
  sentRows: number;
  batches: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

/**
 * `fulcrum decisions import`: streams a CSV file into `recordDecisions` in batches. Prints every
 * rejected row as `line <n>: <CODE>: <message>` (n = the CSV line where the row starts, the header
 * being line 1), then the totals. Exit 0 when every row was accepted or a duplicate, 1 when some
 * rows were rejected, 2 on bad usage or input, or when a batch was refused as a whole (nothing from
 * its first line on was sent; re-running is safe, stored rows count as duplicates).
 */
export async function runDecisionsImport(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if ('error' in args) {
    io.err(args.error);
    io.err(DECISIONS_IMPORT_USAGE);
    return EXIT.usage;
  }
  let connection: GraphqlConnection | undefined;
  if (!args.dryRun) {
    const resolved = resolveConnection({ graphqlUrl: args.graphqlUrl, token: args.token }, io);
    if ('error' in resolved) {
      io.err(resolved.error);
      return EXIT.usage;
    }
    connection = resolved;
  }

  const totals: Totals = { rows: 0, sentRows: 0, batches: 0, accepted: 0, duplicates: 0, rejected: 0 };
  let batch = emptyBatch();
  let plan: ColumnPlan | undefined;

  // Sends the pending batch and prints its rejections. Totals count only batches that completed:
  // when one is refused, the summary covers exactly the rows before its first line.
  const flush = async (): Promise<void> => {
    const current = batch;
    const rejections = [...current.problems];
    if (current.decisions.length > 0) {
      const number = totals.batches + 1;
      if (connection) {
        const reply = await recordDecisions(connection, { projectId: args.projectId, modelVersionId: args.modelVersionId }, current.decisions).catch((error: unknown) => {
          throw error instanceof BatchRequestError ? new BatchFailure(error, firstLineOf(current) ?? 0, number) : error;
        });
        totals.accepted += reply.accepted;
        totals.duplicates += reply.duplicates;
        for (const r of reply.rejected) rejections.push({ line: current.lines[r.index], code: r.code, message: r.message });
        const range = `lines ${current.lines[0]}-${current.lines[current.lines.length - 1]}`;
        io.err(`batch ${number} (${range}, ${current.decisions.length} rows): ${reply.accepted} accepted, ${reply.duplicates} duplicates, ${reply.rejected.length} rejected`);
      }
      totals.batches = number;
      totals.sentRows += current.decisions.length;
    }
    batch = emptyBatch();
    totals.rows += current.decisions.length + current.problems.length;
    rejections.sort((a, b) => a.line - b.line);
    for (const r of rejections) io.out(`line ${r.line}: ${r.code}: ${r.message}`);
    totals.rejected += rejections.length;
  };

  try {
    for await (const record of readCsvRecords(io.openFile(args.file))) {
      if (!plan) {
        const planned = planColumns(record.fields, args.mapping);
        if ('error' in planned) {
          io.err(`${args.file}: ${planned.error}`);
          return EXIT.usage;
        }
        plan = planned;
        continue;
      }
      const mapped = toDecision(record.fields, plan);
      if ('problem' in mapped) {
        batch.problems.push({ line: record.line, ...mapped.problem });
        // Rejections print in line order with their batch; flushing bounds memory on files of bad rows.
        if (batch.problems.length >= MAX_PENDING_PROBLEMS) await flush();
        continue;
      }
      const jsonBytes = Buffer.byteLength(JSON.stringify(mapped.decision), 'utf8') + 1;
      if (batch.decisions.length >= args.batchSize || (batch.decisions.length > 0 && batch.jsonBytes + jsonBytes > MAX_BATCH_JSON_BYTES)) await flush();
      batch.decisions.push(mapped.decision);
      batch.lines.push(record.line);
      batch.jsonBytes += jsonBytes;
    }
    if (!plan) {
      io.err(`${args.file}: no header row (the first line must name the columns)`);
      return EXIT.usage;
    }
    await flush();
  } catch (error) {
    if (error instanceof CsvInputError) {
      const notSent = firstLineOf(batch) ?? error.line;
      io.err(`${args.file}: line ${error.line}: malformed CSV: ${error.message}`);
      printSummary(io, totals, args.dryRun);
      io.err(`stopped: rows from line ${notSent} on were not sent; fix the file and re-run (rows already stored count as duplicates)`);
      return EXIT.usage;
    }
    if (error instanceof BatchFailure) {
      io.err(`batch ${error.batch} was not recorded: ${error.cause.code}: ${error.cause.message}`);
      printSummary(io, totals, args.dryRun);
      io.err(`stopped: rows from line ${error.firstLine} on were not sent; fix the cause and re-run (rows already stored count as duplicates)`);
      return EXIT.usage;
    }
    // A system error of the file itself (ENOENT, EACCES, EISDIR…).
    if (typeof (error as { syscall?: unknown }).syscall === 'string') {
      io.err(`cannot read ${args.file}: ${(error as Error).message}`);
      return EXIT.usage;
    }
    throw error;
  }
  printSummary(io, totals, args.dryRun);
  return totals.rejected > 0 ? EXIT.failed : EXIT.ok;
}

class BatchFailure extends Error {
  constructor(
    override readonly cause: BatchRequestError,
    readonly firstLine: number,
    readonly batch: number,
  ) {
    super(cause.message);
  }
}

function emptyBatch(): Batch {
  return { decisions: [], lines: [], jsonBytes: 0, problems: [] };
}

function firstLineOf(batch: Batch): number | undefined {
  const lines = [batch.lines[0], batch.problems[0]?.line].filter((l): l is number => l !== undefined);
  return lines.length > 0 ? Math.min(...lines) : undefined;
}

function printSummary(io: CliIo, t: Totals, dryRun: boolean): void {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (dryRun) {
    io.out(`dry run, nothing sent: ${count(t.rows, 'row', 'rows')}, ${t.sentRows} valid in ${count(t.batches, 'batch', 'batches')}, ${t.rejected} rejected`);
    return;
  }
  io.out(`${count(t.rows, 'row', 'rows')} in ${count(t.batches, 'batch', 'batches')}: ${t.accepted} accepted, ${t.duplicates} duplicates, ${t.rejected} rejected`);
}

const VALUE_OPTIONS = ['--project', '--model-version', '--map', '--attributes', '--purpose', '--graphql-url', '--token', '--batch-size'] as const;

function parseArgs(argv: readonly string[]): ImportArgs | { error: string } {
  const positional: string[] = [];
  const values: Partial<Record<(typeof VALUE_OPTIONS)[number], string>> = {};
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if ((VALUE_OPTIONS as readonly string[]).includes(arg)) {
      const option = arg as (typeof VALUE_OPTIONS)[number];
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) return { error: `${option} needs a value` };
      if (values[option] !== undefined) return { error: `${option} is given twice` };
      values[option] = value;
      i += 1;
    } else if (arg === '--dry-run') {
      dryRun = true;
    } else if (arg.startsWith('--')) {
      return { error: `unknown option ${arg}` };
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) return { error: 'give exactly one CSV file' };
  const projectId = values['--project']?.trim();
  if (!projectId) return { error: '--project <id> is required (the project of the model version)' };
  if (!UUID.test(projectId)) return { error: `--project must be a project id (a UUID), not ${JSON.stringify(projectId)}` };
  const modelVersionId = values['--model-version']?.trim();
  if (!modelVersionId) return { error: '--model-version <id> is required' };

  const map = values['--map'] === undefined ? {} : parseColumnMap(values['--map']);
  if ('error' in map) return { error: String(map.error) };
  const attributes = values['--attributes'] === undefined ? [] : parseAttributeList(values['--attributes']);
  if ('error' in attributes) return { error: attributes.error };
  const purpose = values['--purpose'];
  if (purpose !== undefined && purpose.trim() === '') return { error: '--purpose must not be empty' };

  let batchSize: number = GOVERNANCE_LIMITS.maxDecisionsPerCall;
  const batchText = values['--batch-size'];
  if (batchText !== undefined) {
    batchSize = /^\d+$/.test(batchText) ? Number(batchText) : Number.NaN;
    if (!(batchSize >= 1 && batchSize <= GOVERNANCE_LIMITS.maxDecisionsPerCall)) {
      return { error: `--batch-size must be a whole number from 1 to ${GOVERNANCE_LIMITS.maxDecisionsPerCall}` };
    }
  }
  return {
    file: positional[0],
    projectId,
    modelVersionId,
    mapping: { map, attributes, purpose },
    graphqlUrl: values['--graphql-url'],
    token: values['--token'],
    batchSize,
    dryRun,
  };
}
