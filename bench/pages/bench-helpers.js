// In-page helpers for the bench cases (a classic script: window.bench).
// Times are taken with performance.now() inside the page, so the numbers do
// not include the DevTools round trips of the harness.
(() => {
  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => waiting.shift()?.();

  /** Resolves after the current task, its microtasks and any queued task before it. */
  function nextTask() {
    return new Promise((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
  }

  /** querySelectorAll that also looks inside every open shadow root below `root`. */
  function deepQueryAll(root, selector) {
    const found = [...root.querySelectorAll(selector)];
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) found.push(...deepQueryAll(el.shadowRoot, selector));
    }
    return found;
  }

  /** Waits until a Lit element has no update pending. */
  async function updated(el) {
    for (let i = 0; i < 20 && el.updateComplete; i++) {
      if (await el.updateComplete) return;
    }
  }

  /** Waits until `done()` is true, checking after each update and task; fails after `timeoutMs`. */
  async function until(el, done, timeoutMs = 10_000) {
    const start = performance.now();
    for (;;) {
      await updated(el);
      if (done()) return;
      if (performance.now() - start > timeoutMs) throw new Error('timed out waiting for the widget to render');
      await nextTask();
    }
  }

  /** Forces style and layout for the whole document, shadow trees included. */
  function layout() {
    return document.body.offsetHeight;
  }

  /**
   * Milliseconds from running `action` until the element has rendered what
   * `done()` looks for and the page is laid out.
   */
  async function time(el, action, done = () => true, timeoutMs) {
    const start = performance.now();
    await action();
    await until(el, done, timeoutMs);
    layout();
    return performance.now() - start;
  }

  async function defined(tag, timeoutMs = 3000) {
    return Promise.race([
      customElements.whenDefined(tag).then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), timeoutMs)),
    ]);
  }

  /** Adds an element with attributes to the page and waits for its first update. */
  async function mount(tag, attributes = {}, parent = document.querySelector('main') ?? document.body) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    parent.append(el);
    await updated(el);
    return el;
  }

  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

  window.bench = {nextTask, nextFrame, deepQueryAll, updated, until, layout, time, defined, mount};
})();
