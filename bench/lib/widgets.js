// Opening a widget for a case: a blank page with the widget's own bundle, or
// a reason to skip while the widget does not exist yet.
import {existsSync} from 'node:fs';
import path from 'node:path';
import {repoRoot} from './server.js';

/** Loads dist/<tag>.js into a blank page; returns a skip reason, or undefined when the element is ready. */
export async function openWidget(page, baseUrl, tag) {
  const bundle = `dist/${tag}.js`;
  if (!existsSync(path.join(repoRoot, bundle))) return `widget not built yet (${bundle} missing)`;
  await page.goto(`${baseUrl}/bench/pages/blank.html`);
  await page.addScriptTag({type: 'module', url: `/${bundle}`});
  if (!(await page.evaluate((name) => window.bench.defined(name), tag))) return `widget not built yet (<${tag}> not defined)`;
  return undefined;
}

/** The note for a measurement that timed out: a skeleton widget renders nothing. */
export const NOT_RENDERED = 'widget not built yet (nothing rendered within 3 s)';
