// Password hashing with scrypt at OWASP parameters (N=2^17, r=8, p=1), run on libuv's
// thread pool so it never blocks the event loop. The parameters are stored with each
// hash, so they can be raised later without invalidating old hashes.
import crypto from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

const KEY_LENGTH = 32;
// Test suites create hundreds of accounts and opt into a cheaper cost with
// KX_TEST_FAST_HASH=1 (set only by tests/setup). Read by key so the build keeps it dynamic.
const FAST_HASH_FLAG = "KX_TEST_FAST_HASH";
const COST = process.env[FAST_HASH_FLAG] === "1" ? 2 ** 12 : 2 ** 17;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const N = COST;
  const r = 8;
  const p = 1;
  const key = await scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, {
    N,
    r,
    p,
    maxmem: 256 * N * r,
  });
  return `scrypt$${N}$${r}$${p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split("$");
  if (scheme !== "scrypt" || !keyB64) return false;
  const N = Number(n);
  const expected = Buffer.from(keyB64, "base64");
  const actual = await scrypt(password.normalize("NFKC"), Buffer.from(saltB64, "base64"), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 256 * N * Number(r),
  });
  return crypto.timingSafeEqual(actual, expected);
}

/** A hash of a random password, to spend the same time when the account does not exist. */
let dummyHash: Promise<string> | undefined;
export function timingSafeDummyHash() {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString("hex"));
  return dummyHash;
}
