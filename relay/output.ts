import {createHash} from 'node:crypto';
import {closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {brotliCompressSync, constants, gzipSync} from 'node:zlib';

/**
 * The published files: written under `out` atomically (a temporary file in
 * the same folder, fsync, rename, fsync of the folder) and only when their
 * bytes changed, so a reader never sees half a file and an ETag stays the
 * same between changes. `serve` answers from the same bytes, kept in memory
 * with their gzip and brotli forms.
 */
export interface Published {
  path: string;
  body: Buffer;
  gzip: Buffer;
  br: Buffer;
  /** Strong validator of the identity encoding; the compressed forms append -gz / -br. */
  etag: string;
  /** The interval of the source behind it, in seconds: the cache lifetime is half of it. */
  refresh: number;
  modified: number;
}

let tmpCounter = 0;

export function writeAtomic(file: string, data: Buffer): void {
  const dir = dirname(file);
  mkdirSync(dir, {recursive: true});
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${++tmpCounter}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

export class Output {
  readonly #files = new Map<string, Published>();

  constructor(
    readonly dir: string,
    private readonly clock: {now(): number},
    private readonly write = true,
  ) {}

  /** Removes temporary files a killed process left behind, and reads what is already published. */
  recover(): void {
    if (!this.write) return;
    for (const folder of ['', 'feeds', 'counters', 'schedules']) {
      let names: string[];
      try {
        names = readdirSync(join(this.dir, folder));
      } catch {
        continue;
      }
      for (const name of names) if (name.startsWith('.') && name.endsWith('.tmp')) rmSync(join(this.dir, folder, name), {force: true});
    }
  }

  get(path: string): Published | undefined {
    return this.#files.get(path);
  }

  paths(): string[] {
    return [...this.#files.keys()];
  }

  /** Publishes a document at a path ("feeds/somewk.json"); true when its bytes changed. */
  publish(path: string, document: unknown, refresh: number): boolean {
    const body = Buffer.from(`${JSON.stringify(document)}\n`);
    const current = this.#files.get(path) ?? this.#fromDisk(path, refresh);
    if (current && current.body.equals(body)) {
      current.refresh = refresh;
      return false;
    }
    if (this.write) writeAtomic(join(this.dir, path), body);
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
    this.#files.set(path, {
      path,
      body,
      gzip: gzipSync(body, {level: 9}),
      br: brotliCompressSync(body, {params: {[constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length}}),
      etag: `"${hash}"`,
      refresh,
      modified: Math.floor(this.clock.now() / 1000) * 1000,
    });
    return true;
  }

  /** A file published before a restart: same bytes, same ETag, no rewrite. */
  #fromDisk(path: string, refresh: number): Published | undefined {
    if (!this.write) return undefined;
    let body: Buffer;
    try {
      body = readFileSync(join(this.dir, path));
    } catch {
      return undefined;
    }
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
    const file = {path, body, gzip: gzipSync(body, {level: 9}), br: brotliCompressSync(body), etag: `"${hash}"`, refresh, modified: Math.floor(this.clock.now() / 1000) * 1000};
    this.#files.set(path, file);
    return file;
  }
}
