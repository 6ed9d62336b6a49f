/// <reference types="jest" />
/// <reference types="node" />
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errorText, texts } from './i18n';

// The lib's index also brings Leaflet and Preact components, which the unit project (Node, no
// JSX) does not load; the texts need only its language helpers.
jest.mock('@app/web-ui', () => jest.requireActual('@app/web-ui/i18n-core'));

const ROOT = resolve(__dirname, '../../..');

/**
 * The codes the booking API can refuse a rider's booking, acceptance or cancellation with, read
 * from the rules themselves (so a new rule without texts fails here): the booking request's
 * rules, the rider limits, and the booking services (train, return trip, offers, idempotency);
 * plus the domain errors those services throw by class (`NotFoundError`,
 * `IllegalStatusTransitionError`) and the phone sign-in's codes.
 */
function riderRefusalCodes(): string[] {
  const bookings = 'libs/application/src/bookings';
  const files = [
    'libs/domain/src/booking-request.ts',
    'libs/domain/src/rider-booking-limits.ts',
    ...readdirSync(join(ROOT, bookings))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
      .map((f) => `${bookings}/${f}`),
  ];
  const codes = new Set(['not_found', 'illegal_status_transition']);
  for (const file of files) {
    const src = readFileSync(join(ROOT, file), 'utf8');
    for (const re of [
      /code: '([a-z_]+)'/g,
      /add\(\s*[^,]+,\s*'([a-z_]+)'/g,
      /new ConflictError\([\s\S]*?'([a-z_]+)',?\s*\)/g,
    ])
      for (const m of src.matchAll(re)) codes.add(m[1]);
  }
  return [...codes].sort();
}

const SIGN_IN = [
  'invalid_phone',
  'rate_limited',
  'sms_unavailable',
  'invalid_code',
  'code_expired',
  'too_many_attempts',
];

describe('rider app texts', () => {
  it('finds the booking rules’ codes', () => {
    expect(riderRefusalCodes()).toEqual(
      expect.arrayContaining(['too_soon', 'overlapping_booking', 'offer_expired', 'unknown_stop']),
    );
  });

  it.each([...riderRefusalCodes(), ...SIGN_IN])(
    'explains the refusal %s in German and in English',
    (code) => {
      const err = { code: 'rule_violation', fields: [{ code }] };
      const de = errorText(err, texts.de);
      const en = errorText(err, texts.en);
      expect(de).not.toBe(texts.de.error);
      expect(en).not.toBe(texts.en.error);
      expect(en).not.toBe(de);
    },
  );

  // The dispatcher's reasons (libs/dispatch RejectionReason), the worker's when it cannot decide
  // (apps/dispatch-worker, dispatch.processor.ts) and a cancelled train's; "no room" is the
  // general text.
  const dispatcherReasons = () => {
    const types = readFileSync(join(ROOT, 'libs/dispatch/src/online/offer.types.ts'), 'utf8');
    const union = /export type RejectionReason =([^;]+);/.exec(types)![1];
    return [...union.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
  };
  it.each([
    ...dispatcherReasons().filter((r) => r !== 'no_feasible_insertion'),
    'dispatch_unavailable',
    'dispatch_bad_data',
    'train_cancelled',
  ])('says why a ride was turned down for %s in German and in English', (code) => {
    expect(texts.de.rejectedWhy[code]).toBeTruthy();
    expect(texts.en.rejectedWhy[code]).toBeTruthy();
    expect(texts.en.rejectedWhy[code]).not.toBe(texts.de.rejectedWhy[code]);
  });
});
