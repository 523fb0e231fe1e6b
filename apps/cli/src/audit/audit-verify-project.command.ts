import { publicKeyFingerprint } from '@fulcrum/audit-log';
import { GOVERNANCE_PAGES } from '@fulcrum/contracts';
import { type CliIo, EXIT } from '../cli-io';
import type { GraphqlConnection } from '../decisions/graphql-decisions.client';
import { Tampered, checkEntryProof, checkHeadSignature, prepareVerification } from './audit-proof.checks';
import { AuditRequestError, type EntryProof, fetchProof, fetchPublicKey, fetchTrailPage } from './graphql-audit-trail.client';

export const AUDIT_VERIFY_PROJECT_USAGE =
  'usage: fulcrum audit verify-project --project <id> [--public-key <key.pem>] [--page-size <1-1000>] [--graphql-url <url>] [--token <token>]';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Printed (to stderr) after an OK when the key came from the server being checked. */
export const UNPINNED_SERVER_KEY_WARNING =
  'warning: the public key was not pinned (no --public-key), so it came from the server being checked: ' +
  "compare the key's fingerprint above with the one the log publishes, or pass --public-key.";

interface Args {
  projectId: string;
  publicKeyPath?: string;
  pageSize: number;
  graphqlUrl?: string;
  token?: string;
}

/**
 * `fulcrum audit verify-project`: a project's compliance reviewer checks that project's entries of
 * the audit trail without the whole tree (whose export is for instance admins). It pages through
 * `auditTrail(projectId)` (oldest first, `first`/`after`) and proves every entry with `auditProof`
 * against ONE signed tree head (the current one when it starts): the leaf is recomputed from the
 * entry's hashed fields (six for v 1 entries, also `v`, `actorName` and `projectId` for v 2), must
 * equal the recorded leaf hash, and its audit path must lead to the head's root; the head's
 * Ed25519 signature is checked with the pinned key (--public-key) or the server's.
 * Exit 0 when every entry is proven (`OK: …`), 1 when one is not (`TAMPERED: entry <seq>: …`),
 * 2 on bad usage, an unreadable key file, or a request the gateway refused or did not answer.
 */
export async function runAuditVerifyProject(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if ('error' in args) {
    io.err(args.error);
    io.err(AUDIT_VERIFY_PROJECT_USAGE);
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
    const result = await verifyProject(connection, args, keyPem);
    const fingerprint = publicKeyFingerprint(keyPem);
    const trust = pinnedPem ? 'pinned by --public-key' : 'from the server, not pinned';
    const later = result.after > 0 ? `; ${result.after} entr${result.after === 1 ? 'y' : 'ies'} appended after that head not checked (run again)` : '';
    const head = result.head;
    io.out(
      head
        ? `OK: ${result.proven} entries of project ${args.projectId} proven in the signed tree head of size ${head.treeSize}, root ${head.rootHash}, key ${fingerprint} (${trust})${later}`
        : `OK: project ${args.projectId} has no audit-trail entries`,
    );
    if (!pinnedPem && head) io.err(UNPINNED_SERVER_KEY_WARNING);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof Tampered) {
      io.out(`TAMPERED: ${error.message}`);
      return EXIT.failed;
    }
    if (error instanceof AuditRequestError) {
      io.err(`cannot verify project ${args.projectId}: ${error.code}: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  }
}

interface Verified {
  proven: number;
  /** Entries listed with a seq at or past the head's size (appended while walking). */
  after: number;
  head: EntryProof['treeHead'] | undefined;
}

async function verifyProject(connection: GraphqlConnection, args: Args, keyPem: string): Promise<Verified> {
  let head: EntryProof['treeHead'] | undefined;
  let proven = 0;
  let after = 0;
  let cursor: string | null = null;
  let previousSeq = -1;
  for (;;) {
    const page = await fetchTrailPage(connection, args.projectId, args.pageSize, cursor);
    for (const listed of page.nodes) {
      if (listed.seq <= previousSeq) throw new Tampered(`entry ${listed.seq}: listed after entry ${previousSeq} (the list is not in seq order)`);
      previousSeq = listed.seq;
      if (head && listed.seq >= head.treeSize) {
        after += 1;
        continue;
      }
      const proof = await fetchProof(connection, args.projectId, listed.seq, head?.treeSize ?? null);
      if (!head) {
        head = proof.treeHead;
        checkHeadSignature(head, keyPem);
      } else if (!sameHead(proof.treeHead, head)) {
        throw new Tampered(`entry ${listed.seq}: proven against another head than size ${head.treeSize} (root ${proof.treeHead.rootHash})`);
      }
      checkEntryProof(listed, proof, args.projectId, head);
      proven += 1;
    }
    if (!page.pageInfo.hasNextPage || page.pageInfo.endCursor === null) break;
    cursor = page.pageInfo.endCursor;
  }
  return { proven, after, head };
}

function sameHead(a: EntryProof['treeHead'], b: EntryProof['treeHead']): boolean {
  return a.treeSize === b.treeSize && a.rootHash === b.rootHash && a.signature === b.signature && a.timestamp === b.timestamp;
}

const VALUE_OPTIONS = ['--project', '--public-key', '--page-size', '--graphql-url', '--token'] as const;

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
  if (!projectId) return { error: '--project <id> is required (the project whose entries to verify)' };
  if (!UUID.test(projectId)) return { error: `--project must be a project id (a UUID), not ${JSON.stringify(projectId)}` };
  const max = GOVERNANCE_PAGES.auditTrail.max;
  let pageSize: number = GOVERNANCE_PAGES.auditTrail.default;
  if (values['--page-size'] !== undefined) {
    pageSize = /^\d+$/.test(values['--page-size']) ? Number(values['--page-size']) : Number.NaN;
    if (!(pageSize >= 1 && pageSize <= max)) return { error: `--page-size must be a whole number from 1 to ${max}` };
  }
  return { projectId, publicKeyPath: values['--public-key'], pageSize, graphqlUrl: values['--graphql-url'], token: values['--token'] };
}
