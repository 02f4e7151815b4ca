// Runs inside the strict-CSP page (no inline script is allowed there): records
// every policy violation, loads the widgets, and reports to the test.
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`));

await import('../../../src/define.js');
const tags = ['trust-schedule', 'trust-speakers', 'trust-hashtag-feed', 'trust-follow-counter'];
const loads = tags.map(
  (tag) =>
    new Promise<string>((resolve) => {
      const el = document.querySelector(tag)!;
      el.addEventListener('trust-load', () => resolve('load'), {once: true});
      el.addEventListener('trust-error', (e) => resolve(`error: ${(e as CustomEvent<{message: string}>).detail.message}`), {once: true});
    }),
);
const outcomes = await Promise.all(loads);
// Rendered after its last load, however long that took.
await Promise.all(tags.map((tag) => (document.querySelector(tag) as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete));
const text = Object.fromEntries(tags.map((tag) => [tag, document.querySelector(tag)!.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '']));
parent.postMessage({type: 'strict-csp-report', violations, outcomes, text, trustedTypes: 'trustedTypes' in window}, location.origin);
export {};
