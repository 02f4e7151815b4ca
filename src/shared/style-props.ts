import {noChange, type ElementPart} from 'lit';
import {Directive, directive, PartType, type PartInfo} from 'lit/directive.js';

/**
 * Sets CSS properties (usually custom properties such as grid positions) on an
 * element through the CSSOM. Lit's styleMap writes a `style` attribute on the
 * first render, which a strict Content-Security-Policy (no 'unsafe-inline'
 * for styles) blocks; `element.style.setProperty` is always allowed.
 *
 *   <div ${styleProps({'--row': 3})}>
 */
class StylePropsDirective extends Directive {
  #previous = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('styleProps() goes in an element position: <div ${styleProps({...})}>');
  }

  render(_props: Record<string, string | number | undefined>) {
    return noChange;
  }

  override update(part: ElementPart, [props]: [Record<string, string | number | undefined>]) {
    const style = (part.element as HTMLElement).style;
    for (const name of this.#previous) if (props[name] === undefined) style.removeProperty(name);
    this.#previous = new Set();
    for (const [name, value] of Object.entries(props)) {
      if (value === undefined) continue;
      style.setProperty(name, String(value));
      this.#previous.add(name);
    }
    return noChange;
  }
}

export const styleProps = directive(StylePropsDirective);
