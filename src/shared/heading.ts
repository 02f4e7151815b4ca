// Named apart from html: its tag is a static value, which lint rules and the literal minifier for plain templates reject.
import {html as withStaticTag, literal, type StaticValue} from 'lit/static-html.js';
import type {TemplateResult} from 'lit';
import {ifDefined} from 'lit/directives/if-defined.js';

const tags: StaticValue[] = [literal`h1`, literal`h2`, literal`h3`, literal`h4`, literal`h5`, literal`h6`];

/** Clamps a heading level attribute to 1–6 (the host page owns the outline, so it is configurable). */
export function clampLevel(level: unknown, fallback = 2): number {
  const n = Math.round(Number(level));
  return Number.isFinite(n) && n >= 1 ? Math.min(6, n) : fallback;
}

/** A real <h1>–<h6> at a configurable level. */
export function heading(level: number, content: unknown, options: {id?: string; className?: string; part?: string} = {}): TemplateResult {
  const tag = tags[clampLevel(level) - 1];
  return withStaticTag`<${tag} id=${ifDefined(options.id)} class=${ifDefined(options.className)} part=${ifDefined(options.part)}>${content}</${tag}>`;
}
