import {html} from 'lit';
import {TrustElement} from '../../src/shared/element.js';
import {DataController} from '../../src/shared/data-controller.js';
import {commonStrings, type CommonStrings} from '../../src/shared/strings.js';
import {TrustError} from '../../src/shared/errors.js';
import {baseStyles} from '../../src/shared/styles.js';
import {defineElement} from '../../src/shared/define.js';
import type {Problem} from '../../src/shared/events.js';

/**
 * The smallest possible widget on the shared data layer: it shows a list of
 * strings. Tests of the data layer use it so they exercise exactly what the
 * four widgets share, and nothing else.
 */
export class TrustProbe extends TrustElement {
  static override styles = baseStyles;
  protected readonly defaultStrings: CommonStrings = commonStrings;
  readonly dataController = new DataController<string[]>(this, {
    formats: {
      list: {
        body: 'json',
        detect: (raw) => Array.isArray(raw),
        adapt: (raw) => {
          if (!Array.isArray(raw)) throw new TrustError('format', 'Expected a list of strings');
          const problems: Problem[] = [];
          const value: string[] = [];
          raw.forEach((item, i) => (typeof item === 'string' ? value.push(item) : problems.push({where: `item ${i}`, reason: 'not a string'})));
          return {value, problems};
        },
      },
      // An adapter with a bug: it trusts that `items` is there and throws a TypeError when it is not.
      careless: {
        body: 'json',
        adapt: (raw) => ({value: (raw as {items: string[]}).items.map(String), problems: []}),
      },
    },
    sources: () => (this.src ? [{url: this.src}] : []),
    count: (value) => value.length,
    context: () => ({timeZone: 'Europe/London', baseUrl: document.baseURI}),
  });

  override render() {
    return html`${this.renderAnnouncer()}${this.renderData(this.dataController, (items) => html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`)}`;
  }
}

defineElement('trust-probe', TrustProbe);

declare global {
  interface HTMLElementTagNameMap {
    'trust-probe': TrustProbe;
  }
}
