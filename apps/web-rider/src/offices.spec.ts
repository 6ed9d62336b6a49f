/// <reference types="jest" />
import { officesFor, type TransportOffice } from './offices';

const office = (countyCode: string, name: string, display: string): TransportOffice => ({
  countyCode,
  name,
  bookingPhone: { e164: `+49${display.replace(/\D/g, '').slice(1)}`, display },
});
const kusel = office('07336', 'Landkreis Kusel', '06381 424123');
const kl = office('07335', 'Landkreis Kaiserslautern', '0631 7105100');

describe('officesFor: whose number a rider without a mobile is given', () => {
  it.each([
    ['the county of the stops chosen last', [kusel, kl], '07335', [kl]],
    ['every office when the rider has not booked on this phone', [kusel, kl], null, [kusel, kl]],
    ['every office when the last county has no phone', [kusel, kl], '07337', [kusel, kl]],
    ['the only office', [kusel], null, [kusel]],
    ['none when no office set a number', [], '07336', []],
  ])('%s', (_case, offices, last, expected) => {
    expect(officesFor(offices, last)).toEqual(expected);
  });
});
