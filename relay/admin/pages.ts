import {readdirSync, readFileSync, statSync} from 'node:fs';
import {extname, join, relative, sep} from 'node:path';
import {fileURLToPath} from 'node:url';
import {escapeHtml} from '../native-json.js';

/**
 * What the console serves as pages and files: the sign-in form (server-
 * rendered, no script, its style a file since the CSP allows no inline
 * style), the page that loads the console's script, and the built console's
 * files from memory.
 */

/** dist/node/relay/admin/pages.js → dist/console/. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../../console/', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  body: Buffer;
  type: string;
  /** Its name carries a content hash (Rollup's `name-[hash].js`), so it may be cached for a year. */
  hashed: boolean;
}

/**
 * Every file under the built console's folder, read once, by its path
 * relative to /admin/. A request's path is only ever looked up in this map:
 * it never reaches the file system.
 */
export function loadConsoleFiles(dir = CONSOLE_DIR): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  let entries: string[];
  try {
    entries = readdirSync(dir, {recursive: true, encoding: 'utf8'});
  } catch {
    return files;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (!statSync(path).isFile()) continue;
    const name = relative(dir, path).split(sep).join('/');
    // A hash has 8 or more characters with at least one digit or capital, so "moderation.js" is not taken for one.
    const hashed = /[-.](?=[\w-]*[0-9A-Z])[\w-]{8,}\.[a-z0-9]+$/.test(name);
    files.set(name, {body: readFileSync(path), type: TYPES[extname(name)] ?? 'application/octet-stream', hashed});
  }
  return files;
}

const HEAD = (title: string, css: string[]) =>
  `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>${css.map((href) => `<link rel="stylesheet" href="${href}">`).join('')}</head>`;

/** The console itself: the element and its script, nothing inline. */
export function consolePage(hasCss: boolean): string {
  return (
    HEAD('Moderation console', hasCss ? ['/admin/console.css'] : ['/admin/login.css']) +
    '<body><noscript><p class="message">The moderation console needs JavaScript. Turn it on for this address and reload the page.</p></noscript>' +
    '<trust-moderation-console></trust-moderation-console><script type="module" src="/admin/console.js"></script></body></html>'
  );
}

/** Said instead of the console when dist/console/console.js is missing. */
export function notBuiltPage(): string {
  return (
    HEAD('Moderation console not built', ['/admin/login.css']) +
    '<body><main class="box"><h1>The console is not built</h1><p>The relay is running, but the moderation console\'s files are missing from <code>dist/console/</code>. ' +
    'Run <code>npm run build</code> in the trust-widgets folder, then restart the relay.</p></main></body></html>'
  );
}

export interface LoginView {
  token: string;
  name?: string;
  error?: string;
  /** Shown above the form, not as an error (signed out, session expired). */
  notice?: string;
}

/** The sign-in form: labelled fields, the error in a role=alert region, no script. */
export function loginPage(view: LoginView): string {
  const alert = view.error
    ? `<div class="error" role="alert" id="problem"><h2>There is a problem</h2><p>${escapeHtml(view.error)}</p></div>`
    : '<div role="alert" id="problem"></div>';
  const notice = view.notice ? `<p class="notice" role="status">${escapeHtml(view.notice)}</p>` : '';
  const described = view.error ? ' aria-describedby="problem"' : '';
  return (
    HEAD(`${view.error ? 'Error: ' : ''}Sign in – moderation console`, ['/admin/login.css']) +
    `<body><main class="box"><h1>Sign in to the moderation console</h1>${notice}${alert}` +
    '<form method="post" action="/admin/login" novalidate>' +
    `<input type="hidden" name="csrf" value="${escapeHtml(view.token)}">` +
    `<div class="field"><label for="name">Name</label><input id="name" name="name" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(view.name ?? '')}"${described}${view.name ? '' : ' autofocus'}></div>` +
    `<div class="field"><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required${described}${view.name ? ' autofocus' : ''}></div>` +
    '<button type="submit">Sign in</button></form>' +
    '<p class="hint">No account? Ask the person who runs the relay: they add one with <code>trust-relay user add</code>.</p></main></body></html>'
  );
}

/** The sign-in page's style (NHS.UK frontend's colours, focus and spacing), readable at 320 px and 200 % zoom. */
export const LOGIN_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:"Frutiger W01",arial,sans-serif;font-size:100%;line-height:1.5;color:#212b32;background:#f0f4f5}
body{margin:0;padding:16px}
.box{max-width:32rem;margin:32px auto;padding:24px;background:#fff;border:1px solid #d8dde0}
h1{font-size:1.75rem;line-height:1.2;margin:0 0 24px;font-weight:600}
h2{font-size:1.25rem;margin:0 0 8px;font-weight:600}
.field{margin:0 0 24px}
label{display:block;font-weight:600;margin:0 0 8px}
input{display:block;width:100%;max-width:100%;font:inherit;padding:8px;border:2px solid #4c6272;border-radius:0;background:#fff;color:#212b32}
input:focus{outline:4px solid transparent;border-color:#212b32;box-shadow:0 0 0 4px #ffeb3b,0 0 0 8px #212b32}
button{font:inherit;font-weight:600;padding:12px 16px;min-height:44px;color:#fff;background:#007f3b;border:2px solid transparent;border-radius:4px;box-shadow:0 4px 0 #00401e;cursor:pointer}
button:hover{background:#00662f}
button:focus{outline:4px solid transparent;color:#212b32;background:#ffeb3b;box-shadow:0 4px 0 #212b32}
.error{border:4px solid #d5281b;padding:16px;margin:0 0 24px}
.error p{margin:0;color:#d5281b;font-weight:600}
.notice{border-inline-start:8px solid #005eb8;padding:8px 16px;background:#f0f4f5}
.hint{color:#4c6272}
code{font-family:monospace;font-size:0.95em;overflow-wrap:anywhere}
@media (forced-colors:active){.error{border-color:CanvasText}button{border-color:ButtonText}input:focus,button:focus{outline:4px solid Highlight}}
`;
