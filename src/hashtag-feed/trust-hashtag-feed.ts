import {html} from 'lit';
import {TrustElement} from '../shared/element.js';
import {DataController} from '../shared/data-controller.js';
import {commonStrings, type CommonStrings} from '../shared/strings.js';
import {baseStyles} from '../shared/styles.js';

/**
 * @summary Placeholder until its issue lands.
 */
export class TrustHashtagFeed extends TrustElement {
  static override styles = baseStyles;
  protected readonly defaultStrings: CommonStrings = commonStrings;
  protected readonly dataController = new DataController<unknown[]>(this, {
    formats: {},
    sources: () => (this.src ? [{url: this.src, format: this.format}] : []),
    count: (value) => value.length,
    context: () => ({timeZone: 'Europe/London', baseUrl: document.baseURI}),
  });

  override render() {
    return html`${this.renderAnnouncer()}${this.renderData(this.dataController, () => null)}`;
  }
}
