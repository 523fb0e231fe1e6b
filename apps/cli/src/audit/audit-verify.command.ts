import { type SignedTreeHead, importPublicKey, publicKeyFingerprint, treeHeadProblem, verifyAuditExport } from '@fulcrum/audit-log';
import { type CliIo, EXIT } from '../cli-io';

export const AUDIT_VERIFY_USAGE =
  'usage: fulcrum audit verify <export.json> [--previous-head <tree-head.json>] [--public-key <key.pem>]';

/** Printed (to stderr) after an OK that nothing outside the export vouched for. */
export const UNPINNED_KEY_WARNING =
  'warning: the public key was not pinned (no --public-key, no --previous-head), so it came from the export itself: ' +
  'whoever could rewrite the export could also have re-signed it with a key of their own. ' +
  "Compare the key's fingerprint above with the one the log publishes (auditPublicKey.keyId), or pass --public-key.";

/**
 * `fulcrum audit verify`: checks an exported audit trail offline — every leaf, the root, the
 * signature, and optionally consistency with an earlier signed head and a pinned public key.
 * Exit 0 when intact: one line `OK: …` naming the SHA-256 fingerprint of the key that signed it and
 * what pinned that key (a warning on stderr when nothing did). Exit 1 when tampered: `TAMPERED: …`
 * with the first bad entry. Exit 2 on bad usage or input — an unreadable file, a file that is not
 * JSON, an export or tree head of the wrong shape, a key that is not an Ed25519 SPKI PEM — with the
 * reason on stderr.
 */
export function runAuditVerify(args: readonly string[], io: CliIo): number {
  const parsed = parseArgs(args);
  if ('error' in parsed) {
    io.err(parsed.error);
    io.err(AUDIT_VERIFY_USAGE);
    return EXIT.usage;
  }
  const input = readInput(parsed, io);
  if ('error' in input) {
    io.err(input.error);
    return EXIT.usage;
  }
  const { exported, previousHead, trustedPublicKeyPem } = input;
  const result = verifyAuditExport(exported, { previousHead, trustedPublicKeyPem });
  if (!result.ok) {
    const where = result.firstBadIndex === undefined ? '' : ` at entry ${result.firstBadIndex}`;
    // A malformed export is bad input, not evidence: it says nothing about what was logged.
    if (result.code === 'MALFORMED_EXPORT') {
      io.err(`cannot verify ${parsed.exportPath}: ${result.code}${where}: ${result.message}`);
      return EXIT.usage;
    }
    io.out(`TAMPERED: ${result.code}${where}: ${result.message}`);
    return EXIT.failed;
  }
  // Shape-checked and verified, so it is an Ed25519 key; equal to the pinned one when there is one.
  const fingerprint = publicKeyFingerprint((exported as { publicKeyPem: string }).publicKeyPem);
  const pins = [trustedPublicKeyPem !== undefined && '--public-key', previousHead !== undefined && '--previous-head'].filter(Boolean);
  const trust = pins.length > 0 ? `pinned by ${pins.join(' and ')}` : 'from the export itself, not pinned';
  const consistency = previousHead ? `, consistent with the head of size ${previousHead.treeSize}` : '';
  io.out(`OK: ${result.treeSize} entries, root ${result.rootHash}${consistency}, key ${fingerprint} (${trust})`);
  if (pins.length === 0) io.err(UNPINNED_KEY_WARNING);
  return EXIT.ok;
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
      if (arg in options) return { error: `${arg} given twice` };
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

type Input = { exported: unknown; previousHead?: SignedTreeHead; trustedPublicKeyPem?: string } | { error: string };

/**
 * Reads the files, and checks the two the user vouches for (the earlier head, the pinned key), so a
 * mistake in them is reported against the file that holds it rather than as a broken export.
 */
function readInput(parsed: Exclude<Parsed, { error: string }>, io: CliIo): Input {
  const exported = readJson(io, parsed.exportPath, 'the export');
  if ('error' in exported) return exported;
  let previousHead: SignedTreeHead | undefined;
  if (parsed.previousHeadPath !== undefined) {
    const head = readJson(io, parsed.previousHeadPath, '--previous-head');
    if ('error' in head) return head;
    const problem = treeHeadProblem(head.value, true);
    if (problem !== undefined) return { error: `--previous-head ${parsed.previousHeadPath} is not a signed tree head (${problem})` };
    previousHead = head.value as SignedTreeHead;
  }
  let trustedPublicKeyPem: string | undefined;
  if (parsed.publicKeyPath !== undefined) {
    const text = readText(io, parsed.publicKeyPath, '--public-key');
    if (typeof text !== 'string') return text;
    // Whitespace around the PEM block is an editor's doing, not a different key (the DER is compared).
    trustedPublicKeyPem = `${text.trim()}\n`;
    if (importPublicKey(trustedPublicKeyPem) === undefined) {
      return { error: `--public-key ${parsed.publicKeyPath} is not an Ed25519 public key in SPKI PEM form (-----BEGIN PUBLIC KEY-----)` };
    }
  }
  return { exported: exported.value, previousHead, trustedPublicKeyPem };
}

function readText(io: CliIo, path: string, what: string): string | { error: string } {
  try {
    // A byte-order mark is not part of the text.
    return io.readFile(path).replace(/^\uFEFF/, '');
  } catch (error) {
    return { error: `cannot read ${what} ${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function readJson(io: CliIo, path: string, what: string): { value: unknown } | { error: string } {
  const text = readText(io, path, what);
  if (typeof text !== 'string') return text;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: `${what} ${path} is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}
