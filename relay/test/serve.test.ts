import assert from 'node:assert/strict';
import type {Server} from 'node:http';
import {request} from 'node:http';
import type {AddressInfo} from 'node:net';
import {after, before, describe, it} from 'node:test';
import {brotliDecompressSync, gunzipSync} from 'node:zlib';
import {startServer} from '../server.js';
import {setUp, type Setup} from './helpers.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request (no URL normalisation by a client library): what an attacker can send. */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({host: '127.0.0.1', port, path, method, headers}, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks)}));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serving the files', () => {
  let s: Setup;
  let server: Server;
  let port: number;

  before(async () => {
    s = await setUp((url) => ({
      allowOrigins: ['https://www.nelft.nhs.uk'],
      feeds: {somewk: {hashtag: 'NelftSoMeWeek', mastodon: [url], refresh: 60}},
    }));
    for (let i = 0; i < 30; i++) s.emulator.post(`Post number ${i} for #NelftSoMeWeek with some words to compress`);
    await s.relay.runDue();
    server = await startServer({output: s.relay.output, allowOrigins: s.relay.config.allowOrigins, health: () => s.relay.health()}, '127.0.0.1', 0);
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    server.close();
    await s.done();
  });

  it('serves a feed with a strong ETag, cache headers for a CDN and nosniff', async () => {
    const res = await get(port, '/feeds/somewk.json');
    assert.equal(res.status, 200);
    assert.match(String(res.headers.etag), /^"[A-Za-z0-9_-]{27}"$/);
    assert.equal(res.headers['cache-control'], 'public, max-age=30, stale-while-revalidate=60, stale-if-error=86400');
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal((JSON.parse(res.body.toString()) as {posts: unknown[]}).posts.length, 30);
    assert.deepEqual(res.body, s.relay.output.get('feeds/somewk.json')!.body);
  });

  it('answers If-None-Match with 304, and HEAD with headers only', async () => {
    const first = await get(port, '/feeds/somewk.json');
    const again = await get(port, '/feeds/somewk.json', {'If-None-Match': String(first.headers.etag)});
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, first.headers.etag);
    const head = await get(port, '/feeds/somewk.json', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(head.headers['content-length'], String(first.body.length));
  });

  it('sends brotli or gzip when asked, each with its own ETag', async () => {
    const identity = await get(port, '/feeds/somewk.json');
    const br = await get(port, '/feeds/somewk.json', {'Accept-Encoding': 'gzip, deflate, br'});
    const gz = await get(port, '/feeds/somewk.json', {'Accept-Encoding': 'gzip'});
    const none = await get(port, '/feeds/somewk.json', {'Accept-Encoding': 'br;q=0, gzip;q=0'});
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(none.headers['content-encoding'], undefined);
    assert.deepEqual(brotliDecompressSync(br.body), identity.body);
    assert.deepEqual(gunzipSync(gz.body), identity.body);
    assert.ok(br.body.length < identity.body.length / 3);
    assert.notEqual(br.headers.etag, identity.headers.etag);
    assert.equal(br.headers.vary, 'Accept-Encoding, Origin');
    assert.equal((await get(port, '/feeds/somewk.json', {'Accept-Encoding': 'br', 'If-None-Match': String(br.headers.etag)})).status, 304);
  });

  it('allows CORS only for the configured origins, and answers their preflight for conditional requests', async () => {
    const allowed = await get(port, '/feeds/somewk.json', {Origin: 'https://www.nelft.nhs.uk'});
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://www.nelft.nhs.uk');
    assert.equal(allowed.headers['access-control-expose-headers'], 'ETag, Last-Modified');
    const other = await get(port, '/feeds/somewk.json', {Origin: 'https://evil.example'});
    assert.equal(other.headers['access-control-allow-origin'], undefined);
    const preflight = await get(port, '/feeds/somewk.json', {Origin: 'https://www.nelft.nhs.uk', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'if-none-match'}, 'OPTIONS');
    assert.equal(preflight.status, 204);
    assert.match(String(preflight.headers['access-control-allow-headers']), /If-None-Match/);
    const refused = await get(port, '/feeds/somewk.json', {Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET'}, 'OPTIONS');
    assert.equal(refused.status, 405);
  });

  it('answers 405 to anything but GET and HEAD, 404 to anything but a published file', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await get(port, '/feeds/somewk.json', {}, method);
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.allow, 'GET, HEAD');
    }
    for (const path of ['/', '/feeds/', '/feeds', '/feeds/nothing.json', '/state.sqlite', '/relay.json', '/out/feeds/somewk.json']) {
      assert.equal((await get(port, path)).status, 404, path);
    }
  });

  it('never leaves the published files: encoded dots, backslashes, NUL, double slashes, overlong paths', async () => {
    const attacks = [
      '/feeds/../state.sqlite',
      '/feeds/%2e%2e/state.sqlite',
      '/feeds/%2E%2E%2Fstate.sqlite',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/feeds/..%5c..%5cstate.sqlite',
      '/feeds\\..\\state.sqlite',
      '/feeds/somewk.json%00.txt',
      '/feeds/somewk.json%00',
      '//feeds/somewk.json',
      '/feeds/%c0%ae%c0%ae/state.sqlite',
      '/feeds/%252e%252e/state.sqlite',
      '/feeds/somewk.json/.',
    ];
    for (const path of attacks) {
      const res = await get(port, path);
      assert.equal(res.status, 404, path);
      assert.ok(!res.body.toString().includes('SQLite'), path);
    }
    assert.equal((await get(port, `/feeds/${'a'.repeat(3000)}.json`)).status, 414);
  });

  it('reports health at /healthz, without caching', async () => {
    const res = await get(port, '/healthz');
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.deepEqual(JSON.parse(res.body.toString()), {ok: true, sources: 1, healthy: 1, failing: 0, paused: 0});
  });

  it('publishes status.json, with no secrets and each source in words', async () => {
    const res = await get(port, '/status.json');
    const status = JSON.parse(res.body.toString()) as {sources: Array<Record<string, unknown>>};
    assert.equal(status.sources[0].state, 'ok');
    assert.equal(status.sources[0].server, s.emulator.url);
    assert.deepEqual(status.sources[0].usedBy, ['feeds/somewk']);
    assert.match(String(status.sources[0].nextPoll), /^\d{4}-\d\d-\d\dT/);
  });
});
