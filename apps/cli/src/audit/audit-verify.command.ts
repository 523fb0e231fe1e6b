import { type SignedTreeHead, verifyAuditExport } from '@fulcrum/audit-log';
import { type CliIo, EXIT } from '../cli-io';

export const AUDIT_VERIFY_USAGE =
  'usage: fulcrum audit verify <export.json> [--previous-head <tree-head.json>] [--public-key <key.pem>]';

/**
 * `fulcrum audit verify`: checks an exported audit trail offline — every leaf, the root, the
 * signature, and optionally consistency with an earlier signed head and a pinned public key.
 * Prints one line and exits 0 when intact, 1 with the first bad entry when tampered, 2 on bad usage.
 */
export function runAuditVerify(args: readonly string[], io: CliIo): number {
  const parsed = parseArgs(args);
  if ('error' in parsed) {
    io.err(parsed.error);
    io.err(AUDIT_VERIFY_USAGE);
    return EXIT.usage;
  }
  let exported: unknown;
  let previousHead: SignedTreeHead | undefined;
  let trustedPublicKeyPem: string | undefined;
  try {
    exported = JSON.parse(io.readFile(parsed.exportPath));
    if (parsed.previousHeadPath) previousHead = JSON.parse(io.readFile(parsed.previousHeadPath)) as SignedTreeHead;
    if (parsed.publicKeyPath) trustedPublicKeyPem = io.readFile(parsed.publicKeyPath);
  } catch (error) {
    io.err(`cannot read input: ${(error as Error).message}`);
    return EXIT.usage;
  }
  const result = verifyAuditExport(exported, { previousHead, trustedPublicKeyPem });
  if (result.ok) {
    io.out(`OK: ${result.treeSize} entries, root ${result.rootHash}${previousHead ? `, consistent with the head of size ${previousHead.treeSize}` : ''}`);
    return EXIT.ok;
  }
  const where = result.firstBadIndex === undefined ? '' : ` at entry ${result.firstBadIndex}`;
  io.out(`TAMPERED: ${result.code}${where}: ${result.message}`);
  return EXIT.failed;
}

type Parsed = { exportPath: string; previousHeadPath?: string; publicKeyPath?: string } | { error: string };

function parseArgs(args: readonly string[]): Parsed {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--previous-head' || arg === '--public-key') {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) return { error: `${arg} needs a file path` };
      options[arg] = value;
      i += 1;
    } else if (arg.startsWith('--')) {
      return { error: `unknown option ${arg}` };
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) return { error: 'give exactly one export file' };
  return { exportPath: positional[0], previousHeadPath: options['--previous-head'], publicKeyPath: options['--public-key'] };
}
