import {expect, html} from '@open-wc/testing';
import '../helpers/index.js';
import {htmlToBlocks} from '../../src/hashtag-feed/sanitise.js';
import {blocksToText} from '../../src/hashtag-feed/model.js';
import type {TrustHashtagFeed} from '../../src/hashtag-feed/trust-hashtag-feed.js';
import {FORMATS, articles, load, mount, root, shownText, status, type Json} from './helpers.js';

/**
 * Hostile input in every field a source controls. Every payload from
 * DOMPurify's own test suite (223 vectors: XSS, mXSS, SVG/MathML namespace
 * tricks, DOM clobbering, javascript:/data: URLs) and the classic vectors
 * below goes in as post HTML, as plain text, as a display name, as alt text,
 * as a content warning and as every URL field. Nothing may run, and nothing
 * that could run may reach the DOM.
 */

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

const PWN = 'window.__pwned=1';
const CLASSIC = [
  `<script>${PWN}</script>`,
  `<img src=x onerror="${PWN}">`,
  `<svg onload="${PWN}"></svg>`,
  `<svg><script>${PWN}</script></svg>`,
  `<svg><a xlink:href="javascript:${PWN}"><text>x</text></a></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${PWN}>`,
  `<a href="javascript:${PWN}">x</a>`,
  `<a href="JaVaScRiPt:${PWN}">x</a>`,
  `<a href="&#106;avascript:${PWN}">x</a>`,
  `<a href=" javascript:${PWN}">x</a>`,
  `<a href="vbscript:msgbox(1)">x</a>`,
  `<a href="data:text/html,<script>${PWN}</script>">x</a>`,
  `<a href="https://ok.example/" onclick="${PWN}" style="position:fixed;inset:0">ok</a>`,
  `<span class="invisible" onmouseover="${PWN}">x</span>`,
  `<iframe src="javascript:${PWN}"></iframe>`,
  `<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>`,
  `<object data="javascript:${PWN}"></object>`,
  `<embed src="javascript:${PWN}">`,
  `<style>@import 'javascript:${PWN}';</style>`,
  `<style>*{background:url("javascript:${PWN}")}</style>`,
  `<div style="background:url(javascript:${PWN})">x</div>`,
  `<p style="x:expression(${PWN})">x</p>`,
  `<link rel=stylesheet href="javascript:${PWN}">`,
  `<form action="javascript:${PWN}"><button>x</button></form>`,
  `<details open ontoggle="${PWN}">`,
  `<body onload="${PWN}">`,
  `<base href="javascript:${PWN}//">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${PWN}">`,
  `"><img src=x onerror=${PWN}>`,
  `' onmouseover='${PWN}`,
  `javascript:${PWN}`,
  `data:text/html,<script>${PWN}</script>`,
  `\${${PWN}}`,
  `<template><img src=x onerror=${PWN}></template>`,
  `<noscript><p title="</noscript><img src=x onerror=${PWN}>">`,
];

/** Tags and attributes the feed's own templates use; anything else came from a source. */
const TAGS = new Set(['div', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'article', 'a', 'img', 'span', 'strong', 'button', 'time', 'br', 'video', 'audio']);
const ATTRIBUTES = new Set([
  'class', 'id', 'part', 'href', 'rel', 'src', 'alt', 'title', 'loading', 'decoding', 'referrerpolicy', 'width', 'height', 'tabindex', 'role',
  'datetime', 'lang', 'type', 'data-action', 'data-key', 'data-count', 'hidden', 'controls', 'preload', 'playsinline', 'poster', 'loop', 'muted',
  'aria-live', 'aria-atomic', 'aria-labelledby', 'aria-describedby', 'aria-posinset', 'aria-setsize', 'aria-busy', 'aria-expanded', 'aria-controls', 'aria-hidden', 'aria-label', 'aria-disabled',
]);
const URL_ATTRIBUTES = ['href', 'src', 'poster'];

let vectors: string[] = [];

function assertInert(el: TrustHashtagFeed, where: string): void {
  expect(window.__pwned, `script ran (${where})`).to.be.undefined;
  for (const node of root(el).querySelectorAll('*')) {
    expect(TAGS.has(node.localName), `<${node.localName}> in the DOM (${where})`).to.be.true;
    for (const attr of node.attributes) {
      expect(ATTRIBUTES.has(attr.name), `attribute ${attr.name}="${attr.value}" on <${node.localName}> (${where})`).to.be.true;
      if (URL_ATTRIBUTES.includes(attr.name)) expect(attr.value, `${attr.name} on <${node.localName}> (${where})`).to.match(/^https?:\/\//);
    }
  }
}

/** Renders posts in batches the adapters accept (at most 200 per source) and checks each. */
async function renderAll(items: Json[], format: string, where: string, wrap: (batch: Json[]) => unknown = (b) => b): Promise<void> {
  for (let i = 0; i < items.length; i += 150) {
    // Hidden, so that payloads that are valid relative URLs do not send hundreds of requests to the test server.
    const el = await mount(html`<trust-hashtag-feed hidden max-posts="1000" format=${format} .data=${wrap(items.slice(i, i + 150))}></trust-hashtag-feed>`);
    expect(articles(el).length, `${where}: posts rendered`).to.be.greaterThan(0);
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    assertInert(el, where);
    el.remove();
  }
}

describe('<trust-hashtag-feed> security: hostile content never runs', () => {
  const originals = {alert: window.alert, confirm: window.confirm, prompt: window.prompt};

  before(async () => {
    const dompurify = await load<Array<{payload: string}>>(`${FORMATS}/dompurify-vectors.json`);
    vectors = [...dompurify.map((v) => v.payload), ...CLASSIC];
    expect(dompurify).to.have.length(223);
  });

  beforeEach(() => {
    delete window.__pwned;
    // The DOMPurify vectors call alert(1): any call means script ran.
    const caught = () => void (window.__pwned = 'dialog');
    window.alert = caught;
    window.confirm = () => (caught(), false);
    window.prompt = () => (caught(), null);
  });

  afterEach(() => Object.assign(window, originals));

  it('is accessible with hostile content rendered as text', async () => {
    const el = await mount(html`<trust-hashtag-feed format="native" .data=${[{id: '1', created: '2016-10-24T12:00:00Z', author: {name: CLASSIC[1]}, text: CLASSIC[0]}]}></trust-hashtag-feed>`);
    await expect(el).to.be.accessible();
    expect(shownText(el)).to.contain(CLASSIC[0]);
    assertInert(el, 'a11y');
  });

  it('as Mastodon content HTML, display names, alt text, content warnings, emoji and card text', async function () {
    const items = await Promise.all(
      vectors.map(async (payload, i) => {
        const base = await status(i);
        return {
          ...base,
          content: payload,
          account: {...(base.account as Json), display_name: `${payload} :x:`, emojis: [{shortcode: 'x', static_url: 'https://social.example/x.png'}]},
          emojis: [{shortcode: 'x', static_url: 'https://social.example/x.png'}],
          media_attachments: [{type: 'image', url: 'https://social.example/a.png', description: payload}],
          card: {url: 'https://ok.example/', title: payload, description: payload},
          spoiler_text: i % 2 ? payload : '',
        };
      }),
    );
    await renderAll(items, 'mastodon', 'Mastodon text fields');
  });

  it('as every Mastodon URL field', async function () {
    const items = await Promise.all(
      vectors.map(async (payload, i) => {
        const base = await status(i);
        return {
          ...base,
          url: payload,
          content: `<p><a href="${payload}">a link</a> text</p>`,
          account: {...(base.account as Json), url: payload, avatar: payload, avatar_static: payload, emojis: [{shortcode: 'x', static_url: payload}]},
          media_attachments: [{type: 'image', url: payload, preview_url: payload}, {type: 'video', url: payload, preview_url: 'https://social.example/p.png'}],
          card: {url: payload, title: 'A card', image: payload},
          tags: [{name: payload, url: payload}],
        };
      }),
    );
    await renderAll(items, 'mastodon', 'Mastodon URL fields');
  });

  it('as native text, HTML, names, handles, alt text, content warnings and URLs', async function () {
    const items = vectors.flatMap((payload, i) => [
      {id: `t${i}`, created: '2016-10-24T12:00:00Z', url: payload, text: payload, contentWarning: i % 3 ? undefined : payload, author: {name: payload, handle: payload, avatar: payload, url: payload}, media: [{url: 'https://social.example/a.png', alt: payload}]},
      {id: `h${i}`, created: '2016-10-24T11:00:00Z', html: payload, network: payload, author: {name: 'n'}, boostedBy: {name: payload, url: payload}, media: [{url: payload, type: 'video', previewUrl: 'https://social.example/p.png'}]},
    ]);
    await renderAll(items, 'native', 'native fields');
  });

  it('as Bluesky text with facets, names, handles, alt text and embeds', async function () {
    const items = vectors.map((payload, i) => {
      const bytes = new TextEncoder().encode(payload).length;
      return {
        uri: `at://did:plc:fake${i}/app.bsky.feed.post/${i}`,
        author: {did: payload, handle: payload, displayName: payload, avatar: payload, labels: []},
        record: {
          text: payload,
          createdAt: '2016-10-24T12:00:00Z',
          facets: [
            {index: {byteStart: 0, byteEnd: bytes}, features: [{$type: 'app.bsky.richtext.facet#link', uri: payload}]},
            {index: {byteStart: 0, byteEnd: 1}, features: [{$type: 'app.bsky.richtext.facet#mention', did: payload}]},
          ],
        },
        embed: {$type: 'app.bsky.embed.images#view', images: [{thumb: payload, fullsize: payload, alt: payload}, {thumb: 'https://cdn.example/a.jpg', fullsize: 'https://cdn.example/a.jpg', alt: payload}]},
        labels: [],
      };
    });
    await renderAll(items, 'bluesky', 'Bluesky fields', (posts) => ({posts}));
  });

  it('keeps what a post needs: paragraphs, breaks and http(s) links, and drops the rest', async () => {
    const blocks = await htmlToBlocks(
      '<p>Hi <b>there</b><br><a href="https://ok.example/x" onclick="x()" style="color:red">ok</a> <a href="javascript:x()">bad</a> <a href="/relative">rel</a></p><script>x()</script><style>p{}</style><p><img src=x onerror=x()>end</p>',
    );
    expect(blocks).to.deep.equal([
      {
        t: 'p',
        children: [
          {t: 'text', text: 'Hi there'},
          {t: 'br'},
          {t: 'a', href: 'https://ok.example/x', kind: 'link', children: [{t: 'text', text: 'ok'}]},
          {t: 'text', text: ' bad rel'},
        ],
      },
      {t: 'p', children: [{t: 'text', text: 'end'}]},
    ]);
    expect(blocksToText(blocks)).to.equal('Hi there\nok bad rel\n\nend');
  });
});
