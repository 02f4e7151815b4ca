import {html, nothing, type TemplateResult} from 'lit';
import {safeUrl} from './adapter.js';

/**
 * Renders third-party plain text (bios, session descriptions) as paragraphs
 * with safe links. It never parses HTML: every character is text, and only
 * http(s) and mailto URLs become links. Markdown-style [label](url) links and
 * bare URLs are recognised, because speakers paste both.
 */
/** The rel of every link to a third-party address: no opener, no referrer, no endorsement. */
export const EXTERNAL_REL = 'noopener noreferrer nofollow ugc';

const LINK = /\[([^\]\n]{1,200})\]\(([^)\s]{1,2000})\)|(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'])|\b(www\.[^\s<>"]+[^\s<>".,;:!?)\]'])/gi;

function inline(text: string, linkAttrs: {rel: string; target?: string}): string | Array<string | TemplateResult> {
  const out: Array<string | TemplateResult> = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    const [whole, label, markdownUrl, bare, www] = m;
    const url = safeUrl(markdownUrl ?? bare ?? (www ? `https://${www}` : undefined));
    if (!url) continue;
    out.push(text.slice(last, m.index));
    out.push(html`<a href=${url} rel=${linkAttrs.rel} target=${linkAttrs.target ?? nothing}>${label ?? bare ?? www}</a>`);
    last = m.index + whole.length;
  }
  // A line without links stays a plain string: one text node, no nested parts.
  if (last === 0) return text;
  out.push(text.slice(last));
  return out;
}

/** Splits text into paragraphs (blank lines) with line breaks kept. */
export function paragraphs(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/**
 * Paragraphs of text, one template each. A single paragraph is returned as
 * itself, not in a list: a list costs a part per item, and bios and posts are
 * mostly one paragraph, rendered hundreds of times.
 */
export function renderText(text: string | undefined, options: {rel?: string; target?: string} = {}): TemplateResult | TemplateResult[] | typeof nothing {
  const paras = paragraphs(text);
  if (paras.length === 0) return nothing;
  const attrs = {rel: options.rel ?? EXTERNAL_REL, target: options.target};
  const render = (p: string) => {
    const lines = p.split('\n');
    return html`<p>${lines.length === 1 ? inline(p, attrs) : lines.map((line, i) => html`${i > 0 ? html`<br />` : nothing}${inline(line, attrs)}`)}</p>`;
  };
  return paras.length === 1 ? render(paras[0]) : paras.map(render);
}

/** The first `max` characters of text, cut at a word, for "Read more" previews. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max * 0.6)).trimEnd()}…`;
}
