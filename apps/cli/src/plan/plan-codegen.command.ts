import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CliIo, EXIT } from '../cli-io';
import { generateTrackingPlanModule } from './plan-codegen.generator';
import { checkTrackingPlanDocument } from './exported-plan.validator';
import { PlanRequestError, fetchExportedPlan } from './graphql-tracking-plan.client';

export const PLAN_CODEGEN_USAGE =
  'usage: fulcrum plan codegen (--file <exported-plan.json> | --gateway <graphql-url> --project <id> [--token <token>]) [--version <n>] [--out <file.ts>]';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Writes the generated module; a parameter so that tests can see what would be written (the default writes the file, relative to `io.cwd`). */
export type ModuleWriter = (path: string, text: string) => void;

interface Args {
  file?: string;
  gateway?: string;
  token?: string;
  projectId?: string;
  version: number | null;
  out?: string;
}

/**
 * `fulcrum plan codegen`: a typed TypeScript module of track functions from a tracking plan
 * (docs/tracking-plan.md, "Codegen"). The plan comes from a file exported with
 * `exportTrackingPlan` (`--file`; `--version` then only names the version in the header) or from
 * the gateway (`--gateway`, `--project`, `--version` or the current one; the token from `--token`
 * or FULCRUM_TOKEN). The module goes to `--out` or stdout. Exit 0 when written; 2 on bad usage,
 * an unreadable file, a document that is not a valid plan, or a request the gateway refused
 * (its code on stderr).
 */
export async function runPlanCodegen(argv: readonly string[], io: CliIo, write: ModuleWriter = (path, text) => writeFileSync(resolve(io.cwd, path), text, 'utf8')): Promise<number> {
  const args = parseArgs(argv, io);
  if ('error' in args) {
    io.err(args.error);
    io.err(PLAN_CODEGEN_USAGE);
    return EXIT.usage;
  }
  let source: unknown;
  let version = args.version;
  if (args.file !== undefined) {
    let text: string;
    try {
      text = io.readFile(args.file);
    } catch (error) {
      io.err(`cannot read ${args.file}: ${(error as Error).message}`);
      return EXIT.usage;
    }
    try {
      source = JSON.parse(text);
    } catch (error) {
      io.err(`${args.file} is not JSON: ${(error as Error).message}`);
      return EXIT.usage;
    }
  } else {
    try {
      const exported = await fetchExportedPlan({ url: args.gateway as string, token: args.token as string }, args.projectId as string, args.version);
      source = exported.document;
      version = exported.version;
    } catch (error) {
      if (!(error instanceof PlanRequestError)) throw error;
      io.err(`cannot export the plan of project ${args.projectId}: ${error.code}: ${error.message}`);
      return EXIT.usage;
    }
  }
  const checked = checkTrackingPlanDocument(source);
  if ('error' in checked) {
    io.err(`${args.file ?? `${args.gateway} (project ${args.projectId}, version ${version})`}: ${checked.error}`);
    return EXIT.usage;
  }
  const text = generateTrackingPlanModule(checked.document, { planVersion: version });
  const count = checked.document.events.filter((event) => event.status !== 'DEPRECATED').length;
  if (args.out === undefined) {
    io.out(text.replace(/\n$/, ''));
    return EXIT.ok;
  }
  try {
    write(args.out, text);
  } catch (error) {
    io.err(`cannot write ${args.out}: ${(error as Error).message}`);
    return EXIT.usage;
  }
  io.err(`wrote ${args.out}: ${count} track function${count === 1 ? '' : 's'} (plan version ${version ?? 'not given'})`);
  return EXIT.ok;
}

const VALUE_OPTIONS = ['--file', '--gateway', '--token', '--project', '--version', '--out'] as const;

function parseArgs(argv: readonly string[], io: CliIo): Args | { error: string } {
  const values: Partial<Record<(typeof VALUE_OPTIONS)[number], string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!(VALUE_OPTIONS as readonly string[]).includes(arg)) return { error: arg.startsWith('--') ? `unknown option ${arg}` : `unexpected argument ${arg}` };
    const option = arg as (typeof VALUE_OPTIONS)[number];
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) return { error: `${option} needs a value` };
    if (values[option] !== undefined) return { error: `${option} is given twice` };
    values[option] = value;
    i += 1;
  }
  let version: number | null = null;
  if (values['--version'] !== undefined) {
    version = /^[1-9][0-9]{0,8}$/.test(values['--version']) ? Number(values['--version']) : Number.NaN;
    if (Number.isNaN(version)) return { error: `--version must be a plan version (1, 2, …), not ${JSON.stringify(values['--version'])}` };
  }
  const out = values['--out'];
  const file = values['--file'];
  const gateway = values['--gateway'];
  if (file !== undefined && gateway !== undefined) return { error: 'give either --file or --gateway, not both' };
  if (file !== undefined) {
    for (const option of ['--token', '--project'] as const) if (values[option] !== undefined) return { error: `${option} goes with --gateway, not --file` };
    return { file, version, out };
  }
  if (gateway === undefined) return { error: 'give --file <exported-plan.json> or --gateway <graphql-url> --project <id>' };
  let protocol: string;
  try {
    protocol = new URL(gateway).protocol;
  } catch {
    return { error: `--gateway must be a URL (the gateway's /graphql), not ${JSON.stringify(gateway)}` };
  }
  if (protocol !== 'http:' && protocol !== 'https:') return { error: `--gateway must be an http or https URL: ${gateway}` };
  const projectId = values['--project']?.trim();
  if (!projectId) return { error: '--project <id> is required with --gateway' };
  if (!UUID.test(projectId)) return { error: `--project must be a project id (a UUID), not ${JSON.stringify(projectId)}` };
  const token = values['--token'] || io.env['FULCRUM_TOKEN'] || undefined;
  if (!token) return { error: 'no API token: pass --token or set FULCRUM_TOKEN' };
  return { gateway, token, projectId, version, out };
}
