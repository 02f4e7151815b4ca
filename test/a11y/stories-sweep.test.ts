import {expect, fixture} from '@open-wc/testing';
import type {TemplateResult} from 'lit';
import {settledPosition, until} from '../helpers/index.js';
import {canEmulateMedia, emulateMedia, engine, narrowestViewport, setViewport} from '../helpers/engine.js';

/**
 * The accessibility sweep: every story of every widget, rendered as Storybook
 * renders it, must be axe-clean, usable in forced-colours mode, and readable
 * without horizontal scrolling at 320 CSS px (WCAG 1.4.10 reflow) and at
 * 640 CSS px (a 1280 px window zoomed to 200 %).
 */
interface AnyStory {
  args?: Record<string, unknown>;
  loaders?: Array<() => Promise<Record<string, unknown>>>;
  render?: (args: Record<string, unknown>, context: {loaded: Record<string, unknown>; args: Record<string, unknown>}) => TemplateResult;
}
type StoryModule = Record<string, unknown> & {default: AnyStory & {component?: string}};
type Widget = HTMLElement & {updateComplete: Promise<unknown>; dataController?: {status: string}};

const modules: Record<string, () => Promise<StoryModule>> = {
  schedule: () => import('../../stories/schedule.stories.js') as Promise<StoryModule>,
  speakers: () => import('../../stories/speakers.stories.js') as Promise<StoryModule>,
  'hashtag-feed': () => import('../../stories/hashtag-feed.stories.js') as Promise<StoryModule>,
  'follow-counter': () => import('../../stories/follow-counter.stories.js') as Promise<StoryModule>,
  theming: () => import('../../stories/theming.stories.js') as Promise<StoryModule>,
};

const WIDGETS = 'trust-schedule, trust-speakers, trust-hashtag-feed, trust-follow-counter';

async function renderStory(module: StoryModule, name: string): Promise<Widget[]> {
  const meta = module.default;
  const story = module[name] as AnyStory;
  const args = {...meta.args, ...story.args};
  const loaded: Record<string, unknown> = {};
  for (const load of [...(meta.loaders ?? []), ...(story.loaders ?? [])]) Object.assign(loaded, await load());
  const render = story.render ?? meta.render;
  if (!render) throw new Error(`story ${name} has no render function`);
  const wrapper = await fixture<HTMLElement>(render(args, {loaded, args}));
  const widgets = (wrapper.matches(WIDGETS) ? [wrapper] : [...wrapper.querySelectorAll(WIDGETS)]) as Widget[];
  // A story shows a settled state, except the one that shows loading.
  if (!/loading/i.test(name)) {
    await until(() => widgets.every((w) => w.dataController?.status !== 'loading'), `${name} settles`);
  }
  await Promise.all(widgets.map((w) => w.updateComplete));
  return widgets;
}

/**
 * Posts and cards off screen have `content-visibility: auto`: their layout is
 * skipped until they come near the viewport, and Firefox reports a skipped
 * box's last layout (at the wider viewport before). A reader only ever sees
 * them laid out, so they are all laid out for the measurement.
 */
async function layOutEverything(widget: Widget): Promise<() => void> {
  const style = document.createElement('style');
  style.textContent = '* { content-visibility: visible !important; }';
  widget.shadowRoot!.append(style);
  await settledPosition(() => widget.shadowRoot!.firstElementChild?.getBoundingClientRect().height ?? 0);
  return () => style.remove();
}

function assertNoHorizontalScroll(widget: Widget, width: number): void {
  const scroller = document.scrollingElement!;
  expect(scroller.scrollWidth, `page scrolls sideways at ${width}px`).to.be.at.most(scroller.clientWidth + 1);
  const inner = widget.shadowRoot!;
  for (const el of inner.querySelectorAll<HTMLElement>('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || getComputedStyle(el).position === 'fixed') continue;
    // Content may scroll inside its own overflow container (the schedule grid) but not past the page.
    if (box.right > width + 1 && !el.closest('[data-scrolls]')) {
      const inScroller = [...inner.querySelectorAll<HTMLElement>('*')].some(
        (s) => s !== el && s.contains(el) && /(auto|scroll)/.test(getComputedStyle(s).overflowX),
      );
      expect(inScroller, `<${el.localName} class="${el.className}"> reaches ${Math.round(box.right)}px at ${width}px`).to.equal(true);
    }
  }
}

const storyNames = (module: StoryModule) =>
  Object.keys(module).filter((k) => k !== 'default' && k !== '__namedExportsOrder' && typeof module[k] === 'object');

// One test per story and check, each with its own time-out: a sweep of every
// story in one test ran past its time-out on a busy machine.
for (const [widgetName, load] of Object.entries(modules)) {
  const module = await load();
  const names = storyNames(module);

  describe(`accessibility sweep: ${widgetName} stories`, () => {
    it('has stories to sweep', async () => {
      await setViewport({width: 1280, height: 900});
      const [first] = await renderStory(module, names[0]);
      await expect(first, `${names[0]}: axe`).to.be.accessible();
      expect(names, 'stories to sweep').to.not.be.empty;
    });

    beforeEach(async () => {
      await setViewport({width: 1280, height: 900});
    });
    afterEach(async () => {
      if (canEmulateMedia) await emulateMedia({forcedColors: 'none'});
      await setViewport({width: 1280, height: 900});
    });

    for (const name of names) {
      const forced = canEmulateMedia ? ', and works in forced colours' : ` (forced colours skipped in ${engine}: its WebDriver cannot emulate media)`;
      const widths = [320, 640].filter((width) => width >= narrowestViewport);
      const narrow = widths.includes(320) ? 'at 320 px and ' : '';
      const skipped = widths.includes(320) ? '' : ` (320 px skipped in ${engine}: its test window cannot be that narrow)`;
      it(`${name}: axe-clean, reflows ${narrow}at 200 % zoom (640 px)${forced}${skipped}`, async () => {
        for (const widget of await renderStory(module, name)) {
          await expect(widget, `${name}: axe`).to.be.accessible();
          for (const width of widths) {
            await setViewport({width, height: 800});
            await widget.updateComplete;
            const restore = await layOutEverything(widget);
            try {
              assertNoHorizontalScroll(widget, width);
            } finally {
              restore();
            }
          }
          if (!canEmulateMedia) continue;
          await emulateMedia({forcedColors: 'active'});
          await expect(widget, `${name}: axe in forced colours`).to.be.accessible();
          for (const control of widget.shadowRoot!.querySelectorAll<HTMLElement>('button, a[href], input, select')) {
            const style = getComputedStyle(control);
            if (style.display === 'none' || style.visibility === 'hidden' || control.closest('[hidden]')) continue;
            expect(style.color, `${name}: a control's text has a colour of its own`).to.not.equal(style.backgroundColor);
          }
        }
      });
    }
  });
}
