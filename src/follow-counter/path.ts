import {isRecord} from '../shared/adapter.js';
import {TrustError} from '../shared/errors.js';

/**
 * A path to a value inside JSON, as people write it in JavaScript:
 * `data.stats[0].followers`, `["followers"]`, `['user name'].count`,
 * `items.0.total`, optionally starting with `$` as in JSONPath. Only a JSON
 * value's own keys are followed (never `__proto__` or `constructor`).
 */
export type PathSegment = string | number;

const NAME = /[^.[\]\s]+/y;
const INDEX = /\[\s*(\d+)\s*\]/y;
const QUOTED = /\[\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*\]/y;

export function parsePath(path: string): PathSegment[] {
  const text = path.trim().replace(/^\$(?=[.[]|$)/, '');
  const segments: PathSegment[] = [];
  let i = 0;
  const at = (pattern: RegExp) => {
    pattern.lastIndex = i;
    const match = pattern.exec(text);
    if (match) i = pattern.lastIndex;
    return match;
  };
  while (i < text.length) {
    const dotted = text[i] === '.';
    if (dotted) i++;
    let match: RegExpExecArray | null;
    if (!dotted && (match = at(INDEX))) segments.push(Number(match[1]));
    else if (!dotted && (match = at(QUOTED))) segments.push(unquote(match[1]));
    else if ((dotted || i === 0) && (match = at(NAME))) segments.push(match[0]);
    else throw new TrustError('config', `The path "${path}" is not valid at character ${i + 1}: write it like data.stats[0].followers or ["followers"]`);
  }
  if (segments.length === 0) throw new TrustError('config', `The path "${path}" is empty`);
  return segments;
}

function unquote(quoted: string): string {
  const body = quoted.slice(1, -1);
  if (quoted.startsWith('"')) return JSON.parse(quoted) as string;
  return body.replace(/\\(.)/g, '$1');
}

/** How a path prints back: `data.stats[0].followers`. */
function show(segments: PathSegment[]): string {
  return segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : /^[\w$-]+$/.test(s) ? (i === 0 ? s : `.${s}`) : `[${JSON.stringify(s)}]`))
    .join('');
}

/** The value at `path` in `data`; a TrustError of kind "format" naming the path when there is nothing there. */
export function readPath(data: unknown, path: string): unknown {
  const segments = parsePath(path);
  let current = data;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : undefined;
    if (Array.isArray(current) && index !== undefined && index < current.length) {
      current = current[index];
    } else if (isRecord(current) && Object.hasOwn(current, segment)) {
      current = current[segment];
    } else {
      const parent = i === 0 ? 'the data' : `"${show(segments.slice(0, i))}"`;
      const missing = typeof segment === 'number' ? `no item [${segment}]` : `no "${segment}"`;
      throw new TrustError('format', `Nothing at path "${path}": ${parent} has ${missing}`);
    }
  }
  return current;
}
