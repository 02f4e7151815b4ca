import {randomBytes, scrypt, timingSafeEqual} from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * The moderation console's own accounts, in the relay's SQLite state file:
 * a name, a scrypt hash of the password (per-user random salt, the cost
 * parameters stored with it, so they can be raised later without breaking
 * the old hashes), when the account was made and when it last signed in.
 * Nothing here ever holds or returns a password.
 */

export const ADMIN_SCHEMA = `
CREATE TABLE IF NOT EXISTS admin_user (
  name TEXT PRIMARY KEY COLLATE NOCASE,
  hash TEXT NOT NULL,
  created INTEGER NOT NULL,
  last_sign_in INTEGER
);
CREATE TABLE IF NOT EXISTS admin_session (
  id TEXT PRIMARY KEY,
  user TEXT NOT NULL COLLATE NOCASE,
  via TEXT NOT NULL,
  created INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS admin_session_by_user ON admin_session (user);
`;

export const MIN_PASSWORD = 12;
const MAX_PASSWORD = 1024;
/** scrypt's cost: N = 2^15, r = 8, p = 1 (OWASP's minimum for scrypt), a 32-byte key from a 16-byte salt. */
const COST = {log2N: 15, r: 8, p: 1};
const KEY_BYTES = 32;
/** Two hashes at a time: each needs 32 MiB, and a burst of sign-ins must not exhaust the relay's memory. */
const PARALLEL = 2;

export interface UserRow {
  name: string;
  created: number;
  lastSignIn?: number;
}

export class UserError extends Error {
  override readonly name = 'UserError';
}

/** Why a name cannot be an account's (shown to the person typing it), or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (!/^[\p{L}\p{N}][\p{L}\p{N}._@-]{0,63}$/u.test(name)) {
    return 'A name is 1 to 64 letters, digits, dots, hyphens, underscores or @, starting with a letter or digit';
  }
  return undefined;
}

/** Why a password will not do, in words that never repeat it; undefined when it will. */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD) return `The password must be at least ${MIN_PASSWORD} characters long (that one has ${length})`;
  if (length > MAX_PASSWORD) return `The password must be at most ${MAX_PASSWORD} characters long`;
  return undefined;
}

let running = 0;
const waiting: Array<() => void> = [];

async function derive(password: string, salt: Buffer, cost: typeof COST, keyBytes: number): Promise<Buffer> {
  if (running >= PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    const N = 2 ** cost.log2N;
    return await new Promise<Buffer>((resolve, reject) =>
      scrypt(password.normalize('NFC'), salt, keyBytes, {N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r}, (error, key) => (error ? reject(error) : resolve(key))),
    );
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** `scrypt$15$8$1$<salt>$<key>` (log2 N, r, p, base64url salt and key). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST, KEY_BYTES);
  return ['scrypt', COST.log2N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether a password matches a stored hash; the comparison takes the same time wherever they differ. */
export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [kind, log2N, r, p, salt, key] = stored.split('$');
  const expected = Buffer.from(key ?? '', 'base64url');
  const cost = {log2N: Number(log2N), r: Number(r), p: Number(p)};
  if (kind !== 'scrypt' || !Number.isInteger(cost.log2N) || cost.log2N < 14 || cost.log2N > 20 || !(cost.r >= 1) || !(cost.p >= 1) || expected.length < 16) return false;
  const actual = await derive(password, Buffer.from(salt, 'base64url'), cost, expected.length);
  return timingSafeEqual(actual, expected);
}

export class Users {
  /** Checked for a name that has no account, so that an unknown name costs the same scrypt as a wrong password. */
  readonly #dummy = ['scrypt', COST.log2N, COST.r, COST.p, randomBytes(16).toString('base64url'), randomBytes(KEY_BYTES).toString('base64url')].join('$');

  constructor(
    readonly db: Database.Database,
    readonly now: () => number = Date.now,
  ) {
    db.exec(ADMIN_SCHEMA);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM admin_user').get() as {n: number}).n;
  }

  list(): UserRow[] {
    const rows = this.db.prepare('SELECT name, created, last_sign_in FROM admin_user ORDER BY name').all() as Array<{name: string; created: number; last_sign_in: number | null}>;
    return rows.map((r) => ({name: r.name, created: r.created, lastSignIn: r.last_sign_in ?? undefined}));
  }

  /** The account's name as it was made (names are matched without regard to case), or undefined. */
  find(name: string): string | undefined {
    return (this.db.prepare('SELECT name FROM admin_user WHERE name = ?').get(name) as {name: string} | undefined)?.name;
  }

  async add(name: string, password: string): Promise<void> {
    const problem = nameProblem(name) ?? passwordProblem(password);
    if (problem) throw new UserError(problem);
    if (this.find(name)) throw new UserError(`There is already an account called ${this.find(name)}: remove it first ("trust-relay user remove ${name}") to give it a new password`);
    const hash = await hashPassword(password);
    this.db.prepare('INSERT INTO admin_user (name, hash, created) VALUES (?, ?, ?)').run(name, hash, this.now());
  }

  /** Removes the account and ends every session it has. */
  remove(name: string): boolean {
    return this.db.transaction(() => {
      const removed = this.db.prepare('DELETE FROM admin_user WHERE name = ?').run(name).changes > 0;
      if (removed) this.db.prepare("DELETE FROM admin_session WHERE user = ? AND via = 'password'").run(name);
      return removed;
    })();
  }

  /**
   * The account's name when the password is right; undefined when it is
   * wrong or there is no such account, after the same work in both cases.
   */
  async verify(name: string, password: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT name, hash FROM admin_user WHERE name = ?').get(name) as {name: string; hash: string} | undefined;
    const ok = await checkPassword(password, row?.hash ?? this.#dummy);
    return ok && row ? row.name : undefined;
  }

  recordSignIn(name: string): void {
    this.db.prepare('UPDATE admin_user SET last_sign_in = ? WHERE name = ?').run(this.now(), name);
  }
}
