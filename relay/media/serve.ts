import {createReadStream} from 'node:fs';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {MediaStore} from './store.js';

/**
 * GET/HEAD /media/<name> for the relay's server: the stored file with the
 * type it was stored as (never a type from the request, never sniffed),
 * immutable caching for a year, nosniff and a CSP that sandboxes it should it
 * ever be opened as a document. Any other name is a 404; the name is looked
 * up in the index before anything is read from disk. True when answered.
 */
export function sendMedia(req: IncomingMessage, res: ServerResponse, store: MediaStore, path: string, extra: Record<string, string> = {}): boolean {
  const match = /^\/media\/([^/]+)$/.exec(path);
  if (!match) return false;
  const file = store.mediaFile(match[1]);
  if (!file) {
    res.writeHead(404, {'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...extra});
    res.end(req.method === 'HEAD' ? undefined : 'Not found\n');
    return true;
  }
  const inm = req.headers['if-none-match'];
  if (inm && (inm.trim() === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '') === file.etag))) {
    const {'Content-Length': _length, 'Content-Type': _type, ...headers} = file.headers;
    res.writeHead(304, {...extra, ...headers});
    res.end();
    return true;
  }
  res.writeHead(200, {...extra, ...file.headers});
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  const stream = createReadStream(file.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
  return true;
}
