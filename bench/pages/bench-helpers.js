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

  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

  /** querySelectorAll that also looks inside every open shadow root at or below `root`. */
  function deepQueryAll(root, selector) {
    const found = [];
    const visit = (scope) => {
      found.push(...scope.querySelectorAll(selector));
      for (const el of scope.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
    };
    visit(root);
    if (root.shadowRoot) visit(root.shadowRoot);
    return found;
  }

  /** The text of an element's subtree, shadow trees included (no style text). */
  function deepText(root) {
    let text = '';
    const walk = (node) => {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === Node.TEXT_NODE) text += child.data;
        else if (child.nodeType === Node.ELEMENT_NODE && child.localName !== 'style') walk(child);
      }
      if (node.shadowRoot) walk(node.shadowRoot);
    };
    walk(root.shadowRoot ?? root);
    return text;
  }

  /** Waits until a Lit element has no update pending. */
  async function updated(el) {
    for (let i = 0; i < 20 && el.updateComplete; i++) {
      if (await el.updateComplete) return;
    }
  }

  /**
   * Milliseconds from running `action` until the element has rendered what
   * `done()` looks for and the page is laid out; undefined when it never does.
   * The clock stops after the layout, before `done()` is asked, so the check
   * itself is not timed (except when it has to be asked again).
   */
  async function time(el, action, done = () => true, timeoutMs = 3000) {
    await quiet();
    const start = performance.now();
    await action();
    for (;;) {
      await updated(el);
      layout();
      const end = performance.now();
      if (done()) return end - start;
      if (end - start > timeoutMs) return undefined;
      await loadOrNextTask(el);
    }
  }

  /**
   * Lets what earlier steps left behind finish before the clock starts: the
   * frame the last render asked for (paint, intersection observers), then a
   * garbage collection (the harness itself has just allocated the payload),
   * so a timing is the widget's own work. Collection needs --expose-gc,
   * which the runner passes.
   */
  async function quiet() {
    await nextFrame();
    await nextTask();
    window.gc?.();
  }

  /**
   * A load through the data property (adapter, then the render it asks for)
   * can finish in a microtask after the update awaited first. Waiting for its
   * event, not for the next task, keeps a frame the browser happens to run in
   * between out of the widget's time; work the widget defers to a later task
   * still counts, as nextTask() wins the race then.
   */
  function loadOrNextTask(el) {
    let settle;
    const loaded = new Promise((resolve) => (settle = resolve));
    el.addEventListener('trust-load', settle);
    el.addEventListener('trust-error', settle);
    return Promise.race([loaded, nextTask()]).finally(() => {
      el.removeEventListener('trust-load', settle);
      el.removeEventListener('trust-error', settle);
    });
  }

  /** Forces style and layout for the whole document, shadow trees included. */
  function layout() {
    return document.body.offsetHeight;
  }

  async function defined(tag, timeoutMs = 3000) {
    return Promise.race([
      customElements.whenDefined(tag).then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), timeoutMs)),
    ]);
  }

  /** Puts a new element with these attributes in <main> (alone) and waits for its first update. */
  async function mount(tag, attributes = {}, parent = document.querySelector('main')) {
    parent.replaceChildren();
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    parent.append(el);
    await updated(el);
    return el;
  }

  /**
   * Renders a small payload once in a throw-away element, so that the lazy
   * chunk of the format's adapter is loaded and the templates are prepared
   * before anything is timed. Resolves when the element says it has loaded.
   */
  async function warmUp(tag, attributes, data) {
    const el = await mount(tag, attributes);
    const loaded = new Promise((resolve) => el.addEventListener('trust-load', resolve, {once: true}));
    el.data = data;
    await Promise.race([loaded, new Promise((resolve) => setTimeout(resolve, 3000))]);
    await updated(el);
    el.remove();
  }

  window.bench = {nextTask, nextFrame, deepQueryAll, deepText, updated, layout, time, defined, mount, warmUp};
})();
