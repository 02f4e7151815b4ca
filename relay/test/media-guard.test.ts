import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {addressProblem} from '../media/address.js';
import {fetchMedia, MediaError, type Resolve} from '../media/fetch.js';
import {PictureHost, Recorder, hasIpv6Loopback} from './media-helpers.js';

/**
 * SSRF: hostile picture URLs never reach a local listener. Two listeners
 * (127.0.0.1 and, where the machine has it, ::1) record every connection they
 * get, and must get none; a control at the end shows they do record one.
 */

describe('media proxy: which addresses are public', () => {
  const refused: Array<[string, RegExp]> = [
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['::1', /loopback/],
    ['0.0.0.0', /unspecified/],
    ['::', /unspecified/],
    ['10.0.0.1', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['169.254.1.1', /link-local/],
    ['fe80::1', /link-local/],
    ['fe80::1%eth0', /link-local/],
    ['fc00::1', /unique-local/],
    ['fd12:3456::1', /unique-local/],
    ['224.0.0.251', /multicast/],
    ['239.255.255.250', /multicast/],
    ['ff02::1', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['240.0.0.1', /reserved/],
    ['192.0.2.1', /documentation/],
    ['198.51.100.7', /documentation/],
    ['203.0.113.9', /documentation/],
    ['2001:db8::1', /documentation/],
    ['198.18.0.1', /benchmarking/],
    ['169.254.169.254', /cloud metadata/],
    ['fd00:ec2::254', /AWS IPv6 metadata/],
    ['100.100.100.200', /Alibaba/],
    ['::ffff:127.0.0.1', /IPv4-mapped form of 127\.0\.0\.1, a loopback/],
    ['::ffff:7f00:1', /IPv4-mapped form of 127\.0\.0\.1/],
    ['0:0:0:0:0:ffff:a00:1', /IPv4-mapped form of 10\.0\.0\.1, a private/],
    ['::ffff:169.254.169.254', /mapped form of 169\.254\.169\.254, the cloud metadata/],
    ['::127.0.0.1', /IPv4-compatible form of 127\.0\.0\.1/],
    ['::7f00:1', /IPv4-compatible form of 127\.0\.0\.1/],
    ['::ffff:0:7f00:1', /IPv4-translated form of 127\.0\.0\.1/],
    ['64:ff9b::10.0.0.1', /NAT64 form of 10\.0\.0\.1/],
    ['64:ff9b::a9fe:a9fe', /NAT64 form of 169\.254\.169\.254, the cloud metadata/],
    ['64:ff9b:1::1', /local-use NAT64/],
    ['2002:7f00:1::1', /6to4 form of 127\.0\.0\.1/],
    ['2002:c0a8:101::', /6to4 form of 192\.168\.1\.1, a private/],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', /Teredo/],
    ['fec0::1', /site-local/],
    ['100::1', /discard/],
    ['4000::1', /not a global unicast/],
    ['localhost', /not an IP address/],
  ];
  for (const [address, reason] of refused) {
    it(`refuses ${address}`, () => assert.match(addressProblem(address) ?? 'allowed', reason));
  }
  for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '151.101.1.140', '2a00:1450:4009:81f::2004', '2606:4700::6810:84e5', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '2002:808:808::1']) {
    it(`allows ${address}`, () => assert.equal(addressProblem(address), undefined));
  }
});

describe('media proxy: hostile URLs reach no local listener', () => {
  const v4 = new Recorder();
  const v6 = new Recorder();
  let ipv6 = false;
  const host = new PictureHost();
  const resolverCalls: string[] = [];
  const names: Record<string, string[]> = {
    'evil.test': ['127.0.0.1'],
    'evil6.test': ['::1'],
    'media.example': ['10.0.0.5'],
    'mixed.test': ['151.101.1.140', '127.0.0.1'],
    'mixed6.test': ['2a00:1450:4009:81f::2004', '::ffff:127.0.0.1'],
    'metadata.test': ['169.254.169.254'],
    'nat64.test': ['64:ff9b::7f00:1'],
  };
  const resolve: Resolve = (name) => {
    resolverCalls.push(name);
    const list = names[name];
    if (!list) return Promise.reject(Object.assign(new Error(`no such name ${name}`), {code: 'ENOTFOUND'}));
    return Promise.resolve(list.map((address) => ({address, family: address.includes(':') ? 6 : 4})));
  };

  before(async () => {
    await v4.start('127.0.0.1');
    ipv6 = await hasIpv6Loopback();
    if (ipv6) await v6.start('::1', v4.port).catch(() => v6.start('::1'));
    await host.start();
  });
  after(async () => {
    await v4.close();
    if (ipv6) await v6.close();
    await host.close();
  });

  const targets = () => {
    const p = v4.port;
    const p6 = ipv6 ? v6.port : p;
    return [
      `http://127.0.0.1:${p}/avatar.png`,
      `http://10.0.0.1:${p}/picture.png`,
      'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      `http://[::1]:${p6}/avatar.png`,
      `http://[::ffff:127.0.0.1]:${p}/avatar.png`,
      `http://[::ffff:7f00:1]:${p}/avatar.png`,
      `http://[0:0:0:0:0:ffff:127.0.0.1]:${p}/a.png`,
      `http://0177.0.0.1:${p}/a.png`,
      `http://2130706433:${p}/a.png`,
      `http://0x7f000001:${p}/a.png`,
      `http://0x7f.1:${p}/a.png`,
      `http://127.1:${p}/a.png`,
      `http://0.0.0.0:${p}/a.png`,
      `http://[::]:${p}/a.png`,
      `http://localhost:${p}/a.png`,
      `http://LOCALHOST.:${p}/a.png`,
      `http://images.localhost:${p}/a.png`,
      `http://evil.test:${p}/a.png`,
      `http://evil6.test:${p6}/a.png`,
      `http://mixed.test:${p}/a.png`,
      `http://mixed6.test:${p}/a.png`,
      `http://metadata.test/latest/meta-data/`,
      `http://nat64.test:${p}/a.png`,
      `https://evil.test:${p}/a.png`,
      `http://intranet:${p}/a.png`,
      `http://user:password@127.0.0.1:${p}/a.png`,
      `file:///etc/passwd`,
      `ftp://127.0.0.1:${p}/a.png`,
      `data:image/png;base64,iVBORw0KGgo=`,
      `gopher://127.0.0.1:${p}/_GET`,
    ];
  };

  it('refuses every one, in words, before connecting', async () => {
    for (const url of targets()) {
      await assert.rejects(
        fetchMedia(url, {resolve, timeoutMs: 2000, testOnlyAllow: host.allow}),
        (error: unknown) => {
          assert.ok(error instanceof MediaError, `${url}: ${String(error)}`);
          assert.match(error.message, /^Refused: /, url);
          return true;
        },
        url,
      );
    }
    assert.deepEqual(v4.connections, []);
    assert.deepEqual(v6.connections, []);
  });

  it('names the address and why: "Refused: media.example resolves to 10.0.0.5, a private address"', async () => {
    await assert.rejects(fetchMedia('https://media.example/a.png', {resolve}), {message: 'Refused: media.example resolves to 10.0.0.5, a private address'});
    await assert.rejects(fetchMedia('http://mixed.test/a.png', {resolve}), {message: 'Refused: mixed.test resolves to 127.0.0.1, a loopback address'});
    await assert.rejects(fetchMedia('http://2130706433/', {resolve}), {message: 'Refused: 127.0.0.1 is a loopback address'});
    await assert.rejects(fetchMedia('http://[::ffff:169.254.169.254]/', {resolve}), /IPv4-mapped form of 169\.254\.169\.254, the cloud metadata address/);
  });

  it('checks the target of every redirect, from a host that is allowed', async () => {
    const list = targets().filter((u) => /^https?:/.test(u));
    list.forEach((location, i) => host.redirect(`/hop${i}`, location));
    // A relative redirect to the allowed host's own address on another port is another address-and-port: refused.
    host.redirect('/relative-port', `//127.0.0.1:${v4.port}/x.png`);
    for (const [i, location] of list.entries()) {
      await assert.rejects(fetchMedia(`${host.url}/hop${i}`, {resolve, timeoutMs: 2000, testOnlyAllow: host.allow}), /^MediaError: Refused: /, location);
    }
    await assert.rejects(fetchMedia(`${host.url}/relative-port`, {resolve, testOnlyAllow: host.allow}), /^MediaError: Refused: 127\.0\.0\.1 is a loopback address/);
    // A chain: allowed → allowed → loopback.
    host.redirect('/chain1', `${host.url}/chain2`, 301);
    host.redirect('/chain2', `http://evil.test:${v4.port}/a.png`, 307);
    await assert.rejects(fetchMedia(`${host.url}/chain1`, {resolve, testOnlyAllow: host.allow}), /^MediaError: Refused: evil\.test resolves to 127\.0\.0\.1, a loopback address/);
    assert.ok(host.seen.some((s) => s.path === '/chain2'), 'the allowed hops were followed');
    assert.deepEqual(v4.connections, []);
    assert.deepEqual(v6.connections, []);
  });

  it('resolves a name once and connects to the very address it checked (no DNS rebinding)', async () => {
    let calls = 0;
    // First answer the allowed emulator address, then a private one: a second lookup would be caught out.
    const rebinding: Resolve = () => Promise.resolve([{address: calls++ === 0 ? '127.0.0.1' : '10.0.0.1', family: 4}]);
    host.file('/ok.png', Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0', 'latin1'), 'image/png');
    const media = await fetchMedia(`http://rebind.test:${host.port}/ok.png`, {resolve: rebinding, testOnlyAllow: host.allow});
    assert.equal(media.type, 'image/png');
    assert.equal(calls, 1);
  });

  it('the allow-list is an exact address and port: the same address on another port is refused', async () => {
    await assert.rejects(fetchMedia(`http://127.0.0.1:${v4.port}/a.png`, {testOnlyAllow: [{address: '127.0.0.1', port: v4.port + 1}]}), /^MediaError: Refused/);
    await assert.rejects(fetchMedia(`http://127.0.0.1:${v4.port}/a.png`, {testOnlyAllow: [{address: '127.0.0.2', port: v4.port}]}), /^MediaError: Refused/);
    assert.deepEqual(v4.connections, []);
  });

  it('control: the listeners do record a connection that is let through', async () => {
    const media = await fetchMedia(`http://127.0.0.1:${v4.port}/a.png`, {testOnlyAllow: [{address: '127.0.0.1', port: v4.port}]});
    assert.equal(media.type, 'image/png');
    assert.equal(v4.connections.length, 1);
    if (ipv6) {
      await fetchMedia(`http://[::1]:${v6.port}/a.png`, {testOnlyAllow: [{address: '::1', port: v6.port}]});
      assert.equal(v6.connections.length, 1);
    }
  });

  it('a name that does not resolve is a failure, not a hang', async () => {
    await assert.rejects(fetchMedia('http://nowhere.test/a.png', {resolve}), /nowhere\.test could not be resolved \(ENOTFOUND\)/);
    assert.ok(resolverCalls.includes('nowhere.test'));
  });
});
