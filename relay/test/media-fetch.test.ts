import assert from 'node:assert/strict';
import {createServer as createHttpsServer, type Server} from 'node:https';
import type {AddressInfo} from 'node:net';
import {after, before, describe, it} from 'node:test';
import type {TLSSocket} from 'node:tls';
import {fetchMedia, MediaError, type Resolve} from '../media/fetch.js';
import {sniff} from '../media/image.js';
import {PictureHost, fixture} from './media-helpers.js';

/** What the proxy accepts as a picture, and how it stops on too much or too slow. */

describe('media proxy: content checks', () => {
  const host = new PictureHost();
  const get = (path: string, options: Parameters<typeof fetchMedia>[1] = {}) => fetchMedia(`${host.url}${path}`, {testOnlyAllow: host.allow, timeoutMs: 3000, ...options});
  const refusedWith = (pattern: RegExp) => (error: unknown) => {
    assert.ok(error instanceof MediaError, String(error));
    assert.match(error.message, pattern);
    return true;
  };

  before(async () => {
    await host.start();
    host
      .file('/blue.png', fixture('blue.png'), 'image/png')
      .file('/grey.jpg', fixture('grey.jpg'), 'image/jpeg')
      .file('/grey-jpg-alias', fixture('grey.jpg'), 'image/jpg')
      .file('/dot.gif', fixture('dot.gif'), 'image/gif')
      .file('/dot.webp', fixture('dot.webp'), 'image/webp; charset=binary')
      .file('/polyglot.gif', fixture('polyglot.gif'), 'image/gif')
      .file('/as-html', fixture('blue.png'), 'text/html')
      .file('/no-type', fixture('blue.png'), undefined)
      .file('/octet', fixture('blue.png'), 'application/octet-stream')
      .file('/page.png', fixture('page-named-png.png'), 'image/png')
      .file('/png-as-jpeg', fixture('blue.png'), 'image/jpeg')
      .file('/script.svg', fixture('script.svg'), 'image/svg+xml')
      .file('/svg-as-png', fixture('script.svg'), 'image/png')
      .file('/gzipped', fixture('blue.png'), 'image/png', {'Content-Encoding': 'gzip'})
      .file('/cookie.png', fixture('blue.png'), 'image/png', {'Set-Cookie': 'track=1; Path=/'});
  });
  after(() => host.close());

  it('takes PNG, JPEG (also labelled image/jpg), GIF and WebP whose content agrees with the header', async () => {
    for (const [path, type, file] of [
      ['/blue.png', 'image/png', 'blue.png'],
      ['/grey.jpg', 'image/jpeg', 'grey.jpg'],
      ['/grey-jpg-alias', 'image/jpeg', 'grey.jpg'],
      ['/dot.gif', 'image/gif', 'dot.gif'],
      ['/dot.webp', 'image/webp', 'dot.webp'],
    ]) {
      const media = await get(path);
      assert.equal(media.type, type, path);
      assert.deepEqual(media.body, fixture(file), path);
    }
  });

  it('tells AVIF by its ftyp brands, and not a video or HEIC', () => {
    const box = (major: string, ...compatible: string[]) => {
      const brands = Buffer.from([major, '\0\0\0\0', ...compatible].join(''), 'latin1');
      const size = Buffer.alloc(4);
      size.writeUInt32BE(8 + brands.length);
      return Buffer.concat([size, Buffer.from('ftyp'), brands, Buffer.alloc(16)]);
    };
    assert.deepEqual(sniff(box('avif', 'mif1', 'miaf')), {type: 'image/avif'});
    assert.deepEqual(sniff(box('mif1', 'avif')), {type: 'image/avif'});
    assert.ok('other' in sniff(box('isom', 'mp41')));
    assert.ok('other' in sniff(box('heic', 'mif1')));
  });

  it('refuses a type header that is not an image type, or none', async () => {
    await assert.rejects(get('/as-html'), refusedWith(/^Refused: 127\.0\.0\.1:\d+ sent "text\/html", not an image type/));
    await assert.rejects(get('/no-type'), refusedWith(/sent no Content-Type/));
    await assert.rejects(get('/octet'), refusedWith(/"application\/octet-stream", not an image type/));
  });

  it('refuses content that is not what the header says (HTML served as image/png, a PNG as image/jpeg)', async () => {
    await assert.rejects(get('/page.png'), refusedWith(/labelled it image\/png but the content is HTML/));
    await assert.rejects(get('/png-as-jpeg'), refusedWith(/labelled it image\/jpeg but the content is image\/png/));
  });

  it('refuses SVG, saying why (scripts), by header and by content', async () => {
    await assert.rejects(get('/script.svg'), refusedWith(/sent SVG .*SVG can carry scripts/));
    await assert.rejects(get('/svg-as-png'), refusedWith(/SVG labelled image\/png; SVG can carry scripts/));
  });

  it('takes a GIF/JavaScript polyglot as the GIF it starts as (its harm is undone by how it is served: see media-store)', async () => {
    assert.equal((await get('/polyglot.gif')).type, 'image/gif');
  });

  it('asks for no encoding and refuses one it was sent anyway', async () => {
    await assert.rejects(get('/gzipped'), refusedWith(/gzip-encoded/));
  });

  it('sends no cookie and no Referer, a clear User-Agent, and keeps no cookie it is given', async () => {
    await get('/cookie.png');
    await get('/cookie.png');
    const seen = host.seen.filter((s) => s.path === '/cookie.png');
    assert.equal(seen.length, 2);
    for (const s of seen) {
      assert.equal(s.headers.cookie, undefined);
      assert.equal(s.headers.referer, undefined);
      assert.match(s.headers['user-agent'] ?? '', /^trust-relay media proxy/);
      assert.match(s.headers.accept ?? '', /^image\//);
      assert.equal(s.headers['accept-encoding'], 'identity');
      assert.equal(s.headers.authorization, undefined);
    }
  });

  it('an error status is a failure in words; 404 is remembered as permanent', async () => {
    await assert.rejects(get('/missing.png'), (error: unknown) => error instanceof MediaError && /answered 404 Not Found for \/missing\.png/.test(error.message) && error.permanent);
    host.routes.set('/down.png', (_req, res) => {
      res.writeHead(503);
      res.end();
    });
    await assert.rejects(get('/down.png'), (error: unknown) => error instanceof MediaError && /answered 503/.test(error.message) && !error.permanent);
  });

  it('follows up to 3 redirects, and refuses a 4th', async () => {
    host.redirect('/r1', '/r2').redirect('/r2', `${host.url}/r3`, 301).redirect('/r3', '/blue.png', 308);
    const media = await get('/r1');
    assert.equal(media.finalUrl, `${host.url}/blue.png`);
    assert.equal(media.url, `${host.url}/r1`);
    host.redirect('/r0', '/r1');
    await assert.rejects(get('/r0'), refusedWith(/redirects more than 3 times/));
    host.redirect('/bad-location', 'http://[::1');
    await assert.rejects(get('/bad-location'), refusedWith(/redirected to "http:\/\/\[::1", which is not a URL/));
    host.redirect('/loop', '/loop');
    await assert.rejects(get('/loop'), refusedWith(/redirects more than 3 times/));
  });

  it('refuses a declared size past the cap before reading the body', async () => {
    host.file('/declared-big.png', fixture('blue.png'), 'image/png', {'Content-Length': String(fixture('blue.png').length)});
    await assert.rejects(get('/declared-big.png', {maxBytes: 50}), refusedWith(/sends 72 bytes, more than the 50-byte cap/));
  });

  it('stops reading a stream past the cap: the server sees the connection closed before it has sent it all', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const total = 400; // chunks: 25 MB if it were all sent
    let sent = 0;
    let closedEarly: Promise<boolean> | undefined;
    host.routes.set('/endless.png', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'image/png'});
      res.write(fixture('blue.png'));
      closedEarly = new Promise((resolve) => {
        res.on('close', () => resolve(sent < total));
        const pump = () => {
          while (sent < total && !res.destroyed) {
            sent++;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          if (sent >= total) res.end();
        };
        pump();
      });
    });
    await assert.rejects(get('/endless.png', {maxBytes: 256 * 1024}), refusedWith(/larger than the 262144-byte cap \(stopped reading\)/));
    assert.equal(await closedEarly, true);
    assert.ok(sent < total, `${sent} of ${total} chunks written`);
  });

  it('a slow drip past the time cap is given up on, and so are headers that never come', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let dripClosed = false;
    host.routes.set('/drip.png', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'image/png'});
      res.write(fixture('blue.png').subarray(0, 30));
      const timer = setInterval(() => res.write(Buffer.from([0])), 20);
      res.on('close', () => {
        dripClosed = true;
        clearInterval(timer);
      });
      void held.then(() => res.end());
    });
    host.routes.set('/silent.png', (_req, res) => void held.then(() => res.end()));
    const started = Date.now();
    await assert.rejects(get('/drip.png', {timeoutMs: 300}), refusedWith(/took longer than 0\.3 s \(the time cap\)/));
    await assert.rejects(get('/silent.png', {timeoutMs: 300}), refusedWith(/took longer than 0\.3 s/));
    assert.ok(Date.now() - started < 2500, 'given up at the cap, not later');
    // The drip's connection was closed by the fetcher, not by the server.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(dripClosed, true);
    release();
  });

  it('refuses a URL with credentials and non-http schemes', async () => {
    await assert.rejects(fetchMedia(`http://a:b@127.0.0.1:${host.port}/blue.png`, {testOnlyAllow: host.allow}), refusedWith(/with credentials in the URL/));
    await assert.rejects(fetchMedia('javascript:alert(1)'), refusedWith(/javascript: URLs are not fetched/));
    await assert.rejects(fetchMedia('not a url'), refusedWith(/is not a URL/));
  });
});

describe('media proxy: https', () => {
  let server: Server;
  let port = 0;
  const names: string[] = [];
  const ca = fixture('test-only-tls.crt');
  const resolve: Resolve = () => Promise.resolve([{address: '127.0.0.1', family: 4}]);
  const options = () => ({resolve, testOnlyAllow: [{address: '127.0.0.1', port}], timeoutMs: 3000});

  before(async () => {
    server = createHttpsServer({key: fixture('test-only-tls.key'), cert: ca}, (_req, res) => {
      res.writeHead(200, {'Content-Type': 'image/png'});
      res.end(fixture('blue.png'));
    });
    server.on('secureConnection', (socket: TLSSocket) => names.push(String(socket.servername)));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((done) => server.close(() => done())));

  it('connects to the checked address and verifies the certificate for the URL\'s name (sent as SNI)', async () => {
    const media = await fetchMedia(`https://pictures.test:${port}/blue.png`, {...options(), ca});
    assert.deepEqual(media.body, fixture('blue.png'));
    assert.deepEqual(names, ['pictures.test']);
  });

  it('refuses a certificate it does not trust, and one for another name', async () => {
    await assert.rejects(fetchMedia(`https://pictures.test:${port}/blue.png`, options()), /could not be reached \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/);
    await assert.rejects(fetchMedia(`https://other.test:${port}/blue.png`, {...options(), ca}), /could not be reached \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
  });
});
