/**
 * Loaded first by the console's strict-CSP test page (test/server/console-api.js):
 * records every Content-Security-Policy violation of the page, so the test
 * can fail on any, including those that happen before the console renders.
 */
declare global {
  interface Window {
    __violations: string[];
    __pwned?: unknown;
  }
}

window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample} @${e.sourceFile}:${e.lineNumber}`.trim());
});

export {};
