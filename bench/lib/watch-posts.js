// Injected into a peer page before its own scripts (page.addInitScript),
// followed by a call `watchPosts(target, countPosts)`. Records in
// window.__rendered the performance.now() at which the feed first shows
// `target` posts. Mutations inside shadow roots are seen too: attachShadow is
// wrapped so every new shadow root is observed.

/** Every element matching `selector` in the document and in open shadow roots. */
window.deepCount = function deepCount(selector, root = document) {
  let count = root.querySelectorAll(selector).length;
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) count += deepCount(selector, el.shadowRoot);
  return count;
};

window.watchPosts = function watchPosts(target, countPosts) {
  const observer = new MutationObserver(check);
  const observe = (root) => observer.observe(root, {childList: true, subtree: true});
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    observe(root);
    return root;
  };
  function check() {
    if (window.__rendered === undefined && countPosts() >= target) {
      window.__rendered = performance.now();
      observer.disconnect();
    }
  }
  window.__countPosts = countPosts;
  observe(document);
};
