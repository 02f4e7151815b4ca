// <trust-follow-counter>: time to show a new follower count set through the
// `data` property (native format), until the new number is on screen and the
// page has been laid out. Reduced motion is on, so there is no count-up.
import {NOT_RENDERED, openWidget} from '../lib/widgets.js';

const TAG = 'trust-follow-counter';

export default {
  title: TAG,
  async run({page, baseUrl}) {
    const skip = await openWidget(page, baseUrl, TAG);
    if (skip) return {skip};
    const {first, update} = await page.evaluate(async (tag) => {
      const el = await window.bench.mount(tag, {format: 'native'});
      const shows = (count) => () => window.bench.deepText(el).includes(count.toLocaleString('en-GB'));
      const first = await window.bench.time(el, () => (el.data = {count: 1234}), shows(1234));
      const update = first === undefined ? undefined : await window.bench.time(el, () => (el.data = {count: 1301}), shows(1301));
      return {first, update};
    }, TAG);
    return [
      {metric: 'first render', unit: 'ms', value: first, skip: first === undefined ? NOT_RENDERED : undefined},
      {metric: 'update to a new count', unit: 'ms', value: update, skip: update === undefined ? NOT_RENDERED : undefined},
    ];
  },
};
