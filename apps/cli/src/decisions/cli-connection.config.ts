import { join } from 'node:path';
import type { CliIo } from '../cli-io';

export interface ConnectionFlags {
  graphqlUrl?: string;
  token?: string;
}

export type ResolvedConnection = { url: string; token: string } | { error: string };

interface LocalCredentials {
  graphqlUrl?: string;
  adminToken?: string;
}

/**
 * Where to send and as whom: the flag, else FULCRUM_GRAPHQL_URL / FULCRUM_TOKEN, else
 * `.fulcrum/local.json` of the current directory (written by `npm run up`: graphqlUrl, adminToken).
 */
export function resolveConnection(flags: ConnectionFlags, io: CliIo): ResolvedConnection {
  const localPath = join(io.cwd, '.fulcrum', 'local.json');
  let url = flags.graphqlUrl || io.env['FULCRUM_GRAPHQL_URL'] || undefined;
  let token = flags.token || io.env['FULCRUM_TOKEN'] || undefined;
  if (!url || !token) {
    const local = readLocalCredentials(io, localPath);
    if ('error' in local) return local;
    url ??= local.graphqlUrl;
    token ??= local.adminToken;
  }
  if (!url) return { error: `no GraphQL URL: pass --graphql-url, set FULCRUM_GRAPHQL_URL, or run \`npm run up\` here (it writes ${localPath})` };
  if (!token) return { error: `no API token: pass --token, set FULCRUM_TOKEN, or run \`npm run up\` here (it writes ${localPath})` };
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return { error: `not a URL: ${url}` };
  }
  if (protocol !== 'http:' && protocol !== 'https:') return { error: `the GraphQL URL must be http or https: ${url}` };
  return { url, token };
}

/** The launcher's credentials file; absent is fine (nothing to default from), unreadable JSON is an error. */
function readLocalCredentials(io: CliIo, path: string): LocalCredentials | { error: string } {
  let text: string;
  try {
    text = io.readFile(path);
  } catch {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { error: `${path} is not valid JSON` };
  }
  if (typeof parsed !== 'object' || parsed === null) return { error: `${path} is not a JSON object` };
  const stored = parsed as Record<string, unknown>;
  const text_ = (key: string) => (typeof stored[key] === 'string' && stored[key] !== '' ? (stored[key] as string) : undefined);
  return { graphqlUrl: text_('graphqlUrl'), adminToken: text_('adminToken') };
}
