/// <reference types="jest" />
import { STOP_EVENT_REFUSALS } from '@app/contracts';
import { errorText } from '@app/web-ui';
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

  // What phone sign-in can answer a driver (apps/booking-api/src/auth/otp.controller.ts and
  // libs/application/src/phone/phone-number.ts).
  it.each([
    'invalid_phone',
    'not_mobile',
    'rate_limited',
    'sms_unavailable',
    'invalid_code',
    'code_expired',
    'too_many_attempts',
    'no_current_shift',
  ])('explains the sign-in refusal %s in German and in English', (code) => {
    const err = { code: 'rule_violation', fields: [{ code }] };
    expect(errorText(err, texts.de)).not.toBe(texts.de.error);
    expect(errorText(err, texts.en)).not.toBe(texts.en.error);
    expect(errorText(err, texts.en)).not.toBe(errorText(err, texts.de));
  });

  it('never shows the gateway’s English reason, even for a code it does not know', () => {
    expect(refusalText(texts.de, 'something_new')).toBe(texts.de.refusalOther);
    expect(refusalText(texts.en, 'something_new')).toBe(texts.en.refusalOther);
  });
});
