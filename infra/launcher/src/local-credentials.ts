import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `npm run up` prints and writes to `.fulcrum/local.json`. */
export interface LocalCredentials {
  ingestUrl: string;
  graphqlUrl: string;
  projectId: string;
  writeKey: string;
  adminToken: string;
}

export const CREDENTIALS_FILE = 'local.json';

/** The demo project and admin token of an earlier start, if any (they survive restarts). */
export function readStoredCredentials(dataDir: string): Partial<LocalCredentials> {
  const path = join(dataDir, CREDENTIALS_FILE);
  if (!existsSync(path)) return {};
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${path} is not a JSON object; delete it to start afresh`);
  const stored = parsed as Record<string, unknown>;
  const text = (key: keyof LocalCredentials): string | undefined => (typeof stored[key] === 'string' ? (stored[key] as string) : undefined);
  return { projectId: text('projectId'), writeKey: text('writeKey'), adminToken: text('adminToken') };
}

export function newAdminToken(): string {
  return `ful_${randomBytes(32).toString('base64url')}`;
}

/** Written atomically (temp file + rename) so a crash never leaves half a file. */
export function writeCredentials(dataDir: string, credentials: LocalCredentials): void {
  const path = join(dataDir, CREDENTIALS_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}
