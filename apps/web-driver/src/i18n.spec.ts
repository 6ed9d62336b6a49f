/// <reference types="jest" />
import { STOP_EVENT_REFUSALS } from '@app/contracts';
import { refusalText, texts } from './i18n';

// The lib's index also brings Leaflet and Preact components, which the unit project (Node, no
// JSX) does not load; the texts need only its language helpers.
jest.mock('@app/web-ui', () => jest.requireActual('@app/web-ui/i18n-core'));

describe('driver app texts', () => {
  it.each(STOP_EVENT_REFUSALS)('explains the refusal %s in German and in English', (code) => {
    const de = refusalText(texts.de, code);
    const en = refusalText(texts.en, code);
    expect(de).not.toBe(texts.de.refusalOther);
    expect(en).not.toBe(texts.en.refusalOther);
    expect(en).not.toBe(de);
  });

  it('never shows the gateway’s English reason, even for a code it does not know', () => {
    expect(refusalText(texts.de, 'something_new')).toBe(texts.de.refusalOther);
    expect(refusalText(texts.en, 'something_new')).toBe(texts.en.refusalOther);
  });
});
