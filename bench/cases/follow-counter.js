// <trust-follow-counter>: time to show a new follower count set through the
// `data` property (native format, with a week of history, a baseline and a
// goal), until the new number is on screen and the page has been laid out.
// Reduced motion is on, so there is no count-up. A warm-up render first loads
// the native adapter's lazy chunk.
import {NOT_RENDERED, openWidget} from '../lib/widgets.js';

const TAG = 'trust-follow-counter';

export default {
  title: TAG,
  async run({page, baseUrl}) {
    const skip = await openWidget(page, baseUrl, TAG);
    if (skip) return {skip};
    const {first, update} = await page.evaluate(async (tag) => {
      await window.bench.warmUp(tag, {format: 'native'}, {count: 1});
      const el = await window.bench.mount(tag, {format: 'native', baseline: '1000', goal: '2000'});
      // A week of daily counts, for the sparkline.
      const history = Array.from({length: 7}, (_, i) => ({at: `2016-10-${String(18 + i).padStart(2, '0')}T09:00:00Z`, count: 1000 + i * 33}));
      const shows = (count) => () => window.bench.deepText(el).includes(count.toLocaleString('en-GB'));
      const first = await window.bench.time(el, () => (el.data = {count: 1234, history}), shows(1234));
      const update = first === undefined ? undefined : await window.bench.time(el, () => (el.data = {count: 1301, history}), shows(1301));
      return {first, update};
    }, TAG);
    return [
      {metric: 'first render', unit: 'ms', value: first, skip: first === undefined ? NOT_RENDERED : undefined},
      {metric: 'update to a new count', unit: 'ms', value: update, skip: update === undefined ? NOT_RENDERED : undefined},
    ];
  },
};
