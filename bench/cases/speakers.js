// <trust-speakers>: first render of 200 speaker cards set through the `data`
// property (the native event format, which feeds the schedule too), until the
// cards are rendered and the page has been laid out, after a 5-speaker
// warm-up render that loads the native adapter's lazy chunk.
import {makeEvent} from '../lib/data.js';
import {NOT_RENDERED, openWidget} from '../lib/widgets.js';

const TAG = 'trust-speakers';

export default {
  title: TAG,
  async run({page, baseUrl}) {
    const skip = await openWidget(page, baseUrl, TAG);
    if (skip) return {skip};
    await page.evaluate(({tag, data}) => window.bench.warmUp(tag, {format: 'native'}, data), {tag: TAG, data: makeEvent({sessionCount: 5, speakerCount: 5})});
    const data = makeEvent({sessionCount: 100, speakerCount: 200});
    const ms = await page.evaluate(
      async ({tag, data}) => {
        const el = await window.bench.mount(tag, {format: 'native'});
        const names = [data.speakers[0].name, data.speakers.at(-1).name];
        return window.bench.time(el, () => (el.data = data), () => {
          const text = window.bench.deepText(el);
          return names.every((name) => text.includes(name));
        });
      },
      {tag: TAG, data},
    );
    return [{metric: 'first render, 200 speakers', unit: 'ms', value: ms, skip: ms === undefined ? NOT_RENDERED : undefined, target: {below: 50}}];
  },
};
