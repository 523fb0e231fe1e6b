import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `npm run up` prints and writes to `.fulcrum/local.json`. */
export interface LocalCredentials {
  /** Ingest (its replica 1 when there are several). */
  ingestUrl: string;
  /** The gateway's GraphQL endpoint (its replica 1 when there are several). */
  graphqlUrl: string;
  /** Every ingest replica, replica 1 (`ingestUrl`) first. */
  ingestUrls: string[];
  /** Every gateway replica's GraphQL endpoint, replica 1 (`graphqlUrl`) first. */
  graphqlUrls: string[];
  projectId: string;
  writeKey: string;
  adminToken: string;
  /** The instance admin's login (`admin@localhost` unless changed by hand). */
  adminEmail: string;
  /** Generated at the first start; the gateway sets it only while the admin has no password. */
  adminPassword: string;
}

/** The email of the admin `npm run up` creates. */
export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

export const CREDENTIALS_FILE = 'local.json';

/** The demo project, admin token and admin login of an earlier start, if any (they survive restarts). */
export function readStoredCredentials(dataDir: string): Partial<LocalCredentials> {
  const path = join(dataDir, CREDENTIALS_FILE);
  if (!existsSync(path)) return {};
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${path} is not a JSON object; delete it to start afresh`);
  const stored = parsed as Record<string, unknown>;
  const text = (key: keyof LocalCredentials): string | undefined => (typeof stored[key] === 'string' ? (stored[key] as string) : undefined);
  return {
    projectId: text('projectId'),
    writeKey: text('writeKey'),
    adminToken: text('adminToken'),
    adminEmail: text('adminEmail'),
    adminPassword: text('adminPassword'),
  };
}

export function newAdminToken(): string {
  return `ful_${randomBytes(32).toString('base64url')}`;
}

/** 24 random base64url characters (144 bits): well above the gateway's 12-character minimum. */
export function newAdminPassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * Written atomically (temp file + rename) so a crash never leaves half a file. Partial before the
 * services are up: the generated admin secrets are saved before the gateway first sees them.
 */
export function writeCredentials(dataDir: string, credentials: Partial<LocalCredentials>): void {
  const path = join(dataDir, CREDENTIALS_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}
