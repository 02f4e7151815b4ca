// Runs `npm run build` when dist/ is missing or older than what it is built
// from, so the production test run always tests the current sources.
import {execSync} from 'node:child_process';
import {existsSync, readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = ['dist/trust-widgets.js', 'dist/test/prod/define.js', 'dist/test/prod/index.js'];
const inputs = ['src', 'package-lock.json', 'rollup.config.js', 'rollup.prod-test.config.js', 'tsconfig.json', 'tsconfig.build.json'];

function newest(path) {
  const full = join(root, path);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(full, {recursive: true})
    .map((name) => statSync(join(full, String(name))).mtimeMs)
    .reduce((a, b) => Math.max(a, b), stat.mtimeMs);
}

const missing = outputs.filter((path) => !existsSync(join(root, path)));
const built = missing.length ? 0 : Math.min(...outputs.map((path) => statSync(join(root, path)).mtimeMs));
const source = Math.max(...inputs.map(newest));
if (missing.length || source > built) {
  console.log(missing.length ? `No build in dist/ (${missing.join(', ')}): building first.` : 'dist/ is older than the sources: building first.');
  execSync('npm run build', {cwd: root, stdio: 'inherit'});
}
