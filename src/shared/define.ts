import {VERSION} from './version.js';

/**
 * Registers a custom element unless the tag is taken. A page may carry two
 * copies of this library (the all-in-one bundle and a per-widget bundle, or
 * two versions): the first one wins, the second warns once and never throws.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor & {version?: string}): void {
  const existing: (CustomElementConstructor & {version?: string}) | undefined = customElements.get(tag);
  if (!existing) {
    customElements.define(tag, ctor);
    return;
  }
  if (existing === ctor) return;
  console.warn(
    `trust-widgets ${VERSION}: <${tag}> is already defined by another copy of trust-widgets` +
      ` (version ${existing.version ?? 'unknown'}) or another library; that definition is kept and this copy's is not registered.`,
  );
}
