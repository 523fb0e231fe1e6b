import { AUDIT_VERIFY_ENTRY_USAGE, runAuditVerifyEntry } from './audit/audit-verify-entry.command';
import { AUDIT_VERIFY_PROJECT_USAGE, runAuditVerifyProject } from './audit/audit-verify-project.command';
import { AUDIT_VERIFY_USAGE, runAuditVerify } from './audit/audit-verify.command';
import { type CliIo, EXIT } from './cli-io';
import { DECISIONS_IMPORT_USAGE, runDecisionsImport } from './decisions/decisions-import.command';
import { PLAN_CODEGEN_USAGE, runPlanCodegen } from './plan/plan-codegen.command';

const USAGE = [
  'usage: fulcrum <command>',
  '',
  'commands:',
  `  ${AUDIT_VERIFY_USAGE.replace('usage: fulcrum ', '')}`,
  '      offline: checks a whole-trail export (instance admins export it)',
  `  ${AUDIT_VERIFY_PROJECT_USAGE.replace('usage: fulcrum ', '')}`,
  "      online: proves every entry of one project (auditTrail, auditProof) against one signed tree head",
  `  ${AUDIT_VERIFY_ENTRY_USAGE.replace('usage: fulcrum ', '')}`,
  '      online: proves one entry of a project (auditProof) in the current signed tree head, and says who did what',
  `  ${DECISIONS_IMPORT_USAGE.replace('usage: fulcrum ', '')}`,
  '      imports a CSV of decisions of a model version of the project',
  `  ${PLAN_CODEGEN_USAGE.replace('usage: fulcrum ', '')}`,
  '      writes a typed TypeScript module of track functions (Segment and PostHog clients) from a tracking plan',
].join('\n');

/** Routes `fulcrum <group> <command> …` to its command; resolves to the exit code. */
export async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === 'audit' && command === 'verify') return runAuditVerify(rest, io);
  if (group === 'audit' && command === 'verify-project') return runAuditVerifyProject(rest, io);
  if (group === 'audit' && command === 'verify-entry') return runAuditVerifyEntry(rest, io);
  if (group === 'decisions' && command === 'import') return runDecisionsImport(rest, io);
  if (group === 'plan' && command === 'codegen') return runPlanCodegen(rest, io);
  if (group === undefined || group === '--help' || group === 'help') {
    io.out(USAGE);
    return group === undefined ? EXIT.usage : EXIT.ok;
  }
  io.err(`unknown command: ${[group, command].filter(Boolean).join(' ')}`);
  io.err(USAGE);
  return EXIT.usage;
}
