import { randomBytes, scrypt, timingSafeEqual, createHash } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;
/** scrypt cost: N = 2^17 (OWASP's minimum for r = 8, p = 1), 128 MiB of memory per hash. */
const N = 2 ** 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
/** Node's scrypt refuses more than 32 MiB unless told; 128·N·r bytes plus headroom. */
const maxmemFor = (n: number, r: number) => 128 * n * r * 2;

/** scrypt (RFC 7914) with a random salt, stored as `scrypt$N$r$p$salt$hash`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: maxmemFor(N, R) });
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** True for a hash made with a lower cost than today's: rehashed at the next successful login. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) < N || Number(r) < R || Number(p) < P;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt') return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: maxmemFor(Number(n), Number(r)),
  });
  return timingSafeEqual(actual, expected);
}

/** A hash that makes a failed login cost as much as a real one (no user enumeration by timing). */
export const DUMMY_HASH = `scrypt$${N}$${R}$${P}$c2FsdHNhbHRzYWx0c2FsdA$` + Buffer.alloc(32).toString('base64url');

export function newApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = `edp_${randomBytes(4).toString('hex')}`;
  const key = `${prefix}_${randomBytes(24).toString('base64url')}`;
  return { key, prefix, hash: sha256(key) };
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}
