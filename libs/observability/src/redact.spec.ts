import { REDACTED, scrubDeep, scrubText, scrubUrl } from './redact';

describe('log redaction', () => {
  it.each([
    ['to +49 151 23456789: Ihr Code 483920', `to ${REDACTED}: Ihr Code ${REDACTED}`],
    ['caller 06381 / 123456 registered', `caller ${REDACTED} registered`],
    ['0049-151-2345-6789 booked', `${REDACTED} booked`],
    ['code 000123 expired', `code ${REDACTED} expired`],
  ])('masks phone numbers and codes in %j', (input, expected) => {
    expect(scrubText(input)).toBe(expected);
  });

  it.each([
    'booking 0a1b2c3d-0123-4567-8901-23456789abcd confirmed',
    'pickup 2026-12-01T07:40:00+01:00, listening on :3000',
    'improvement run 42 saved 12.5 km in 1500 ms',
  ])('leaves ids, times and figures alone: %j', (input) => {
    expect(scrubText(input)).toBe(input);
  });

  it('leaves codes readable only when asked (development)', () => {
    expect(scrubText('to +49 151 23456789: 483920', { codes: false })).toBe(
      `to ${REDACTED}: 483920`,
    );
  });

  it('scrubs nested fields and drops query strings from URLs', () => {
    expect(scrubDeep({ err: { message: 'no rider 0151 23456789' }, n: 5 })).toEqual({
      err: { message: `no rider ${REDACTED}` },
      n: 5,
    });
    expect(scrubUrl('/v1/admin/riders?q=0151%2023456789')).toBe(`/v1/admin/riders?${REDACTED}`);
  });
});
