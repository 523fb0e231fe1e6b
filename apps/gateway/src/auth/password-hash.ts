import { type ScryptOptions, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard: an attacker with a stolen hash pays the same memory
 * per guess as we do per login). Parameters: N = 2^15, r = 8, p = 1, i.e. 32 MiB and roughly
 * 0.1 s per hash on a laptop core. Every hash records its own parameters
 * (`scrypt$N=32768,r=8,p=1$<salt>$<key>`), so raising them later needs no migration: old hashes
 * still verify and are re-hashed with the new parameters at the next successful login.
 */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. Memory is 128 * N * r bytes. */
  N: number;
  r: number;
  p: number;
}

export const PASSWORD_SCRYPT_PARAMS: Readonly<ScryptParams> = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Refuse stored parameters beyond this (a corrupted or hostile row must not exhaust memory). */
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;

const ENCODED = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/** `scrypt$N=…,r=…,p=…$<salt base64url>$<key base64url>` of a fresh random salt. */
export async function hashPassword(password: string, params: Readonly<ScryptParams> = PASSWORD_SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether `password` matches an encoded hash (constant time in the key comparison); false for a malformed hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

/** True when a hash was made with other parameters than today's (re-hash it after a successful login). */
export function needsRehash(encoded: string, params: Readonly<ScryptParams> = PASSWORD_SCRYPT_PARAMS): boolean {
  const parsed = parseHash(encoded);
  return !parsed || parsed.params.N !== params.N || parsed.params.r !== params.r || parsed.params.p !== params.p;
}

export function parseHash(encoded: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const match = ENCODED.exec(encoded);
  if (!match) return undefined;
  const params = { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  const powerOfTwo = params.N > 1 && (params.N & (params.N - 1)) === 0;
  if (!powerOfTwo || params.r < 1 || params.p < 1 || memoryOf(params) > MAX_MEMORY_BYTES) return undefined;
  const salt = Buffer.from(match[4] as string, 'base64url');
  const key = Buffer.from(match[5] as string, 'base64url');
  if (salt.length < 4 || key.length < 16) return undefined;
  return { params, salt, key };
}

function memoryOf(params: ScryptParams): number {
  return 128 * params.N * params.r * params.p;
}

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: memoryOf(params) + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    // Async scrypt runs on libuv's thread pool: a login never blocks the event loop.
    // NFC: the same password typed on two systems that compose accents differently is the same password.
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
