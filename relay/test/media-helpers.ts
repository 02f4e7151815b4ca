import {readFileSync} from 'node:fs';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';

/** The media proxy's tests: fixture pictures and local servers (loopback only). */

const FIXTURES = new URL('../../../../relay/test/fixtures/media/', import.meta.url);
export const fixture = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));

/** A listener that records every connection it gets, and answers each request with a PNG. */
export class Recorder {
  server!: Server;
  readonly connections: string[] = [];
  port = 0;

  async start(host = '127.0.0.1', port = 0): Promise<this> {
    this.server = createServer((_req, res) => {
      res.writeHead(200, {'Content-Type': 'image/png'});
      res.end(fixture('blue.png'));
    });
    this.server.on('connection', (socket: Socket) => this.connections.push(`${socket.remoteAddress}:${socket.localPort}`));
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, resolve);
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface SeenRequest {
  path: string;
  headers: IncomingMessage['headers'];
}

/** A picture host on 127.0.0.1 with routes per path; records requests, and how each answer ended. */
export class PictureHost {
  server!: Server;
  url = '';
  port = 0;
  readonly seen: SeenRequest[] = [];
  readonly routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      this.seen.push({path, headers: req.headers});
      const route = this.routes.get(path);
      if (route) return route(req, res);
      res.writeHead(404, {'Content-Type': 'text/plain'});
      res.end('Not found');
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    return this;
  }

  /** Serves these bytes with these headers at a path. */
  file(path: string, body: Buffer | string, type: string | undefined, headers: Record<string, string> = {}): this {
    this.routes.set(path, (_req, res) => {
      res.writeHead(200, {...(type ? {'Content-Type': type} : {}), ...headers});
      res.end(body);
    });
    return this;
  }

  redirect(path: string, location: string, status = 302): this {
    this.routes.set(path, (_req, res) => {
      res.writeHead(status, {Location: location});
      res.end();
    });
    return this;
  }

  /** The allow-list entry for this host, as tests pass it to the fetcher. */
  get allow(): Array<{address: string; port: number}> {
    return [{address: '127.0.0.1', port: this.port}];
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Whether this machine has ::1. */
export async function hasIpv6Loopback(): Promise<boolean> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '::1', resolve);
    });
    return true;
  } catch {
    return false;
  } finally {
    server.close();
  }
}
