import {expect} from '@open-wc/testing';
import '../helpers/index.js';

interface Report {
  violations: string[];
  outcomes: string[];
  text: Record<string, string>;
  trustedTypes: boolean;
}

/** Loads the strict-CSP page in a frame; the test server sends it with the CSP header (test/server/mock-server.js). */
async function loadStrictPage(): Promise<{report: Report; frame: HTMLIFrameElement}> {
  const frame = document.createElement('iframe');
  frame.title = 'Strict CSP host page';
  frame.style.width = '800px';
  frame.style.height = '600px';
  const report = new Promise<Report>((resolve) => {
    window.addEventListener('message', function listener(e: MessageEvent<Report & {type: string}>) {
      if (e.data?.type !== 'strict-csp-report') return;
      window.removeEventListener('message', listener);
      resolve(e.data);
    });
  });
  frame.src = '/test/embed/pages/strict-csp.html';
  document.body.append(frame);
  return {report: await report, frame};
}

describe('strict Content-Security-Policy with Trusted Types', () => {
  let result: {report: Report; frame: HTMLIFrameElement};
  before(async function () {
    result = await loadStrictPage();
  });
  after(() => result.frame.remove());

  it('is served with the strict policy and enforces Trusted Types', async () => {
    const response = await fetch('/test/embed/pages/strict-csp.html');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).to.contain("require-trusted-types-for 'script'");
    expect(csp).to.contain("script-src 'self'");
    expect(result.report.trustedTypes).to.equal(true);
  });

  it('renders all four widgets with no policy violation', () => {
    const {report} = result;
    expect(report.violations).to.deep.equal([]);
    expect(report.outcomes).to.deep.equal(['load', 'load', 'load', 'load']);
  });

  it('shows the data of every widget', () => {
    const {text} = result.report;
    expect(text['trust-schedule']).to.contain('Using Facebook properly');
    expect(text['trust-speakers']).to.contain('Kyle Grieve');
    expect(text['trust-hashtag-feed']).to.contain('Hello world');
    expect(text['trust-follow-counter']).to.contain('2,214');
  });
});
