import { publicKeyFingerprint } from '@fulcrum/audit-log';
import { type CliIo, EXIT } from '../cli-io';
import { Tampered, checkEntryProof, checkHeadSignature, prepareVerification } from './audit-proof.checks';
import { UNPINNED_SERVER_KEY_WARNING } from './audit-verify-project.command';
import { AuditRequestError, fetchProof, fetchPublicKey } from './graphql-audit-trail.client';

export const AUDIT_VERIFY_ENTRY_USAGE = 'usage: fulcrum audit verify-entry --project <id> --seq <n> [--public-key <key.pem>] [--graphql-url <url>] [--token <token>]';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Args {
  projectId: string;
  seq: number;
  publicKeyPath?: string;
  graphqlUrl?: string;
  token?: string;
}

/**
 * `fulcrum audit verify-entry`: proves ONE entry of a project's audit trail (for example the
 * acceptance of a backlog item) with the caller's token, as `verify-project` proves them all. It
 * asks `auditProof(projectId, seq)` for the entry, its inclusion proof and the current signed tree
 * head; checks the head's Ed25519 signature with the pinned key (--public-key) or the server's;
 * recomputes the entry's leaf from its hashed fields, which must equal the recorded leaf hash and
 * be the proof's leaf at that seq; and follows the audit path to the signed root.
 * Exit 0 with what was proven (`OK: …` then the entry's actor, action, subject and time), 1 when a
 * check fails (`TAMPERED: …` naming it), 2 on bad usage, an unreadable key file, or a request the
 * gateway refused (an entry of another project is NOT_FOUND) or did not answer.
 */
export async function runAuditVerifyEntry(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if ('error' in args) {
    io.err(args.error);
    io.err(AUDIT_VERIFY_ENTRY_USAGE);
    return EXIT.usage;
  }
  const prepared = prepareVerification(io, args);
  if ('error' in prepared) {
    io.err(prepared.error);
    return EXIT.usage;
  }
  const { connection, pinnedPem } = prepared;
  try {
    const keyPem = pinnedPem ?? (await fetchPublicKey(connection)).publicKeyPem;
    const proof = await fetchProof(connection, args.projectId, args.seq, null);
    const { entry, treeHead: head } = proof;
    if (entry.seq !== args.seq) throw new Tampered(`asked for entry ${args.seq}, the server proved entry ${entry.seq}`);
    checkHeadSignature(head, keyPem);
    checkEntryProof(entry, proof, args.projectId, head);
    const trust = pinnedPem ? 'pinned by --public-key' : 'from the server, not pinned';
    io.out(
      `OK: entry ${entry.seq} of project ${args.projectId} proven in the signed tree head of size ${head.treeSize}, root ${head.rootHash}, key ${publicKeyFingerprint(keyPem)} (${trust})`,
    );
    io.out(`  actor:   ${entry.actor}${entry.actorName ? ` (${entry.actorName})` : ''}`);
    io.out(`  action:  ${entry.action}`);
    io.out(`  subject: ${entry.subject}`);
    io.out(`  at:      ${entry.at}`);
    if (!pinnedPem) io.err(UNPINNED_SERVER_KEY_WARNING);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof Tampered) {
      io.out(`TAMPERED: ${error.message}`);
      return EXIT.failed;
    }
    if (error instanceof AuditRequestError) {
      io.err(`cannot verify entry ${args.seq} of project ${args.projectId}: ${error.code}: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  }
}

const VALUE_OPTIONS = ['--project', '--seq', '--public-key', '--graphql-url', '--token'] as const;

function parseArgs(argv: readonly string[]): Args | { error: string } {
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
  const projectId = values['--project']?.trim();
  if (!projectId) return { error: '--project <id> is required (the project the entry belongs to)' };
  if (!UUID.test(projectId)) return { error: `--project must be a project id (a UUID), not ${JSON.stringify(projectId)}` };
  const seqText = values['--seq']?.trim();
  if (seqText === undefined || seqText === '') return { error: '--seq <n> is required (the entry to prove)' };
  const seq = /^\d{1,15}$/.test(seqText) ? Number(seqText) : Number.NaN;
  if (!Number.isSafeInteger(seq) || seq > 2 ** 31 - 1) return { error: `--seq must be a whole number from 0 to ${2 ** 31 - 1}, not ${JSON.stringify(seqText)}` };
  return { projectId, seq, publicKeyPath: values['--public-key'], graphqlUrl: values['--graphql-url'], token: values['--token'] };
}
