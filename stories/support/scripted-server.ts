/**
 * A scripted stand-in server for the stories that need a live one: loading
 * that never ends, failures, a refresh that changes or fails, posts that
 * arrive. Requests to https://stories.invalid/<name>/… are answered by the
 * script registered under <name>; every other request goes to the network as
 * usual. So every story works offline, in Storybook and as a test fixture.
 */
export type Answer = Response | {status?: number; body?: unknown; headers?: Record<string, string>} | 'never';
export type Script = (call: number, url: URL) => Answer | Promise<Answer>;

const ORIGIN = 'https://stories.invalid';
const scripts = new Map<string, {calls: number; answer: Script}>();

/** The page's own fetch, for loading real fixture files inside scripts. */
export const pageFetch = window.fetch.bind(window);

window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, location.href);
  const script = url.origin === ORIGIN ? scripts.get(url.pathname.split('/')[1]) : undefined;
  if (!script) return pageFetch(input, init);
  const answer = await script.answer(script.calls++, url);
  if (answer === 'never') return new Promise<Response>(() => undefined);
  if (answer instanceof Response) return answer;
  return json(answer.body ?? {}, {status: answer.status ?? 200, headers: answer.headers});
};

/** A JSON response, as a server would send it. */
export function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {...init, headers: {'Content-Type': 'application/json', ...init.headers}});
}

/** Registers a script and returns its base URL; the n-th request to it (from 0) gets `answer(n, url)`. */
export function scripted(name: string, answer: Script): string {
  scripts.set(name, {calls: 0, answer});
  return `${ORIGIN}/${name}`;
}
