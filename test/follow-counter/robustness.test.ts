import {expect, fixture, html} from '@open-wc/testing';
import {settled} from '../helpers/index.js';
import '../../src/follow-counter/define.js';
import {bluesky, mastodon, native} from '../../src/follow-counter/adapters.js';
import type {Counter} from '../../src/follow-counter/model.js';
import type {Adapted, Format} from '../../src/shared/adapter.js';
import type {TrustFollowCounter} from '../../src/follow-counter/trust-follow-counter.js';
import {
  PWN_URL,
  expectHumanMessage,
  expectInert,
  expectNoPollution,
  expectTrustError,
  hostile,
  isHttpUrl,
  mulberry32,
  mutate,
  pick,
  setOwn,
  uncaught,
  type Mutation,
} from '../helpers/mutate.js';

/**
 * Mutation ("fuzz") tests of the follower counter's adapters on the real
 * account and profile answers and the native fixture: whatever a server or
 * an editor sends, the result is a count that is a whole number, 0 or more,
 * or a TrustError with a message a person can read. Seeded, so a failure
 * names the seed that reproduces it.
 */

const context = {timeZone: 'Europe/London', baseUrl: 'https://example.org/source.json'};
const MUTATIONS_PER_SAMPLE = 300;
const RENDERED_PER_SAMPLE = 20;

/** The count itself, the field every mutation of interest ends up in. */
const countMutation = (key: string): Mutation => (root, random) => {
  if (typeof root === 'object' && root !== null && !Array.isArray(root)) {
    setOwn(root as Record<string, unknown>, key, pick(random, [-0, -1, 1e308, 2 ** 53, 2 ** 53 + 1, 1.5, '12', '1e3', ' 7 ', '-3', '', null, true, [3], {value: 3}, Infinity, NaN]));
  }
};

const moreMutations = (key: string): Mutation[] => [
  countMutation(key),
  (root, random) => {
    if (typeof root === 'object' && root !== null) setOwn(root as Record<string, unknown>, pick(random, ['url', 'avatar', 'handle', 'did', 'acct', 'moved', 'suspended', 'history']), pick(random, [PWN_URL, true, hostile(random)]));
  },
];

interface Sample {
  file: string;
  format: Format<Counter>;
  formatName: string;
  mutations: Mutation[];
}

const SAMPLES: Sample[] = [
  {file: 'formats/mastodon-account-lookup.json', format: mastodon, formatName: 'mastodon', mutations: moreMutations('followers_count')},
  {file: 'formats/mastodon-account-example.json', format: mastodon, formatName: 'mastodon', mutations: moreMutations('followers_count')},
  {file: 'formats/mastodon-account-lookup-404.json', format: mastodon, formatName: 'mastodon', mutations: moreMutations('error')},
  {file: 'formats/bluesky-get-profile.json', format: bluesky, formatName: 'bluesky', mutations: moreMutations('followersCount')},
  {file: 'counter/native-week.json', format: native, formatName: 'native', mutations: moreMutations('count')},
];

async function fixtureJson(file: string): Promise<unknown> {
  return (await fetch(`/test/fixtures/${file}`)).json();
}

function expectCount(value: unknown, where: string): void {
  expect(Number.isSafeInteger(value) && (value as number) >= 0 && !Object.is(value, -0), `${where}: count ${String(value)}`).to.be.true;
}

async function adaptChecked(format: Format<Counter>, raw: unknown, where: string): Promise<Adapted<Counter> | undefined> {
  let adapted: Adapted<Counter> | undefined;
  try {
    adapted = await format.adapt(raw, context);
  } catch (error) {
    expectTrustError(error, where);
  }
  expectNoPollution(where);
  if (!adapted) return undefined;
  const {value, problems} = adapted;
  expectCount(value.count, where);
  for (const account of value.accounts) {
    expectCount(account.count, `${where}: account`);
    if (account.url !== undefined) expect(isHttpUrl(account.url), `${where}: profile URL ${account.url}`).to.be.true;
    for (const text of [account.account, account.name, account.network]) if (text !== undefined) expect(text, where).to.be.a('string');
  }
  for (const point of value.history) {
    expectCount(point.count, `${where}: history`);
    expect(Number.isFinite(point.at), `${where}: history time`).to.be.true;
  }
  for (const problem of problems) expectHumanMessage(problem.reason, `${where}: ${problem.where}`);
  return adapted;
}

describe('<trust-follow-counter> robustness: mutated real answers', () => {
  beforeEach(() => {
    delete window.__pwned;
  });

  it('is accessible with mutated data', async () => {
    const raw = mutate(await fixtureJson('counter/native-week.json'), mulberry32(3));
    const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter format="native" label="followers" .data=${raw}></trust-follow-counter>`);
    await settled(el);
    await expect(el).to.be.accessible();
    expectInert(el.shadowRoot!, 'a11y');
  });

  for (const [index, sample] of SAMPLES.entries()) {
    const file = sample.file.split('/').pop()!;

    it(`adapts ${MUTATIONS_PER_SAMPLE} mutations of ${file} into a whole count or a TrustError`, async () => {
      const original = await fixtureJson(sample.file);
      for (let seed = 1; seed <= MUTATIONS_PER_SAMPLE; seed++) {
        const where = `${file}, seed ${index * 10_000 + seed}`;
        await adaptChecked(sample.format, mutate(original, mulberry32(index * 10_000 + seed), sample.mutations), where);
      }
    });

    it(`renders ${RENDERED_PER_SAMPLE} mutations of ${file} with nothing that could run`, async function () {
      const original = await fixtureJson(sample.file);
      for (let seed = 1; seed <= RENDERED_PER_SAMPLE; seed++) {
        const where = `${file}, rendered seed ${index * 10_000 + seed}`;
        const raw = mutate(original, mulberry32(index * 10_000 + seed), sample.mutations);
        const errors = await uncaught(async () => {
          const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter format=${sample.formatName} .data=${raw}></trust-follow-counter>`);
          await settled(el);
          expectInert(el.shadowRoot!, where);
          // The number on screen is never "-0", "NaN", "Infinity" or written in exponent form.
          expect(el.shadowRoot!.textContent, where).not.to.match(/-0\b|NaN|Infinity|\de\+?\d/);
          el.remove();
        });
        expect(errors, where).to.deep.equal([]);
      }
    });
  }

  it('shows 0, not "-0", for a count of -0, and refuses counts beyond 2^53', async () => {
    expect(Object.is((mastodon.adapt({acct: 'a', followers_count: -0}, context) as Adapted<Counter>).value.count, 0)).to.be.true;
    for (const count of [2 ** 53, 1e308, '99999999999999999999']) {
      let error: unknown;
      try {
        await native.adapt({count}, context);
      } catch (e) {
        error = e;
      }
      expectTrustError(error, `count ${count}`);
    }
    const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter format="native" label="followers" .data=${{count: -0}}></trust-follow-counter>`);
    await settled(el);
    expect(el.shadowRoot!.querySelector('[part~="number"]')!.textContent.trim()).to.equal('0');
  });
});
