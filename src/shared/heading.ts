import {html, type TemplateResult} from 'lit';
import {ifDefined} from 'lit/directives/if-defined.js';

/** Clamps a heading level attribute to 1–6 (the host page owns the outline, so it is configurable). */
export function clampLevel(level: unknown, fallback = 2): number {
  const n = Math.round(Number(level));
  return Number.isFinite(n) && n >= 1 ? Math.min(6, n) : fallback;
}

/**
 * A real <h1>–<h6> at a configurable level. Six plain templates rather than
 * lit/static-html: that module would cost every widget's bundle more than this.
 */
export function heading(level: number, content: unknown, options: {id?: string; className?: string; part?: string} = {}): TemplateResult {
  const {id, className, part} = options;
  switch (clampLevel(level)) {
    case 1:
      return html`<h1 id=${ifDefined(id)} class=${ifDefined(className)} part=${ifDefined(part)}>${content}</h1>`;
    case 2:
      return html`<h2 id=${ifDefined(id)} class=${ifDefined(className)} part=${ifDefined(part)}>${content}</h2>`;
    case 3:
      return html`<h3 id=${ifDefined(id)} class=${ifDefined(className)} part=${ifDefined(part)}>${content}</h3>`;
    case 4:
      return html`<h4 id=${ifDefined(id)} class=${ifDefined(className)} part=${ifDefined(part)}>${content}</h4>`;
    case 5:
      return html`<h5 id=${ifDefined(id)} class=${ifDefined(className)} part=${ifDefined(part)}>${content}</h5>`;
    default:
      return html`<h6 id=${ifDefined(id)} class=${ifDefined(className)} part=${ifDefined(part)}>${content}</h6>`;
  }
}
