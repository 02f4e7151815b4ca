// `npm start` end to end (Node): the demo config serves the pages, an offline
// NHS.UK stylesheet and the Mastodon emulator through the real dev server.
//   node --test test/demo/
import assert from 'node:assert/strict';
import process from 'node:process';
import {after, before, describe, it} from 'node:test';
import {startDevServer} from '@web/dev-server';

process.env.DEMO_OPEN = '0';
const {default: config} = await import('../../demo/server.config.js');

describe('demo dev server', () => {
  let server;
  let origin;

  before(async () => {
    server = await startDevServer({
      config: {...config, port: 0},
      readCliArgs: false,
      readFileConfig: false,
      autoExitProcess: false,
      logStartMessage: false,
    });
    origin = `http://localhost:${server.server.address().port}`;
  });

  after(() => server?.stop());

  it('serves the trust page at / with the replay time written in for the page clock', async () => {
    const response = await fetch(`${origin}/`);
    assert.equal(response.status, 200);
    const html = await response.text();
    const [, json] = /<script type="application\/json" id="demo-clock">([^<]+)<\/script>/.exec(html) ?? [];
    const replay = JSON.parse(json);
    assert.ok(Date.parse(replay.now) >= Date.parse('2016-10-24T07:30:00Z') && Date.parse(replay.now) < Date.parse('2016-10-28T18:00:00Z'));
    assert.ok(replay.rate > 1);
    assert.match(html, /<trust-schedule src="\/demo\/data\/social-media-week.json"/);
    assert.match(html, /<script type="module" src="\/src\/define.ts"><\/script>/);
  });

  it('serves NHS.UK frontend from npm without the fonts it would fetch from the internet', async () => {
    const css = await (await fetch(`${origin}/demo/vendor/nhsuk-frontend.css`)).text();
    assert.match(css, /\.nhsuk-header\{/);
    assert.doesNotMatch(css, /@font-face|https?:\/\//);
  });

  it('answers the Mastodon API with its headers through the dev server', async () => {
    const response = await fetch(`${origin}/api/v1/timelines/tag/NelftSoMeWeek?limit=2`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'private, no-store');
    assert.equal(response.headers.get('x-ratelimit-limit'), '300');
    assert.match(response.headers.get('link'), new RegExp(`^<${origin}/api/v1/timelines/tag/NelftSoMeWeek\\?limit=2&max_id=\\d+>; rel="next"`));
    const statuses = await response.json();
    assert.equal(statuses.length, 2);

    const again = await fetch(`${origin}/api/v1/timelines/tag/NelftSoMeWeek?limit=2&max_id=${statuses[1].id}`, {
      headers: {'If-None-Match': response.headers.get('etag')},
    });
    assert.equal(again.status, 200, 'another page is another resource');
  });

  it('answers 304 through the dev server when the client has the current answer', async () => {
    const url = `${origin}/api/v1/accounts/lookup?acct=nelft`;
    const first = await fetch(url);
    const etag = first.headers.get('etag');
    const body = await first.json();
    // Followers may arrive between the two requests in the accelerated replay; retry once if so.
    let second = await fetch(url, {headers: {'If-None-Match': etag}});
    if (second.status === 200) second = await fetch(url, {headers: {'If-None-Match': second.headers.get('etag')}});
    assert.equal(second.status, 304);
    assert.equal(await second.text(), '');
    assert.equal(body.username, 'NELFT');
  });
});
