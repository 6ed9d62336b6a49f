import { renderRiderMessage } from './rider-message.templates';

describe('rider message texts', () => {
  const facts = {
    timeZone: 'Europe/Berlin',
    fromStop: 'Albessen, Ortsmitte',
    toStop: 'Kusel, Bahnhof',
    pickupFrom: new Date('2026-12-01T06:30:00Z'),
    pickupTo: new Date('2026-12-01T06:45:00Z'),
    latestArrival: new Date('2026-12-01T07:20:00Z'),
  };

  it.each([
    ['confirmed', 'de', ['Fahrt bestätigt', 'Albessen, Ortsmitte', '07:30', '07:45', '08:20']],
    ['confirmed', 'en', ['Ride confirmed', 'between 07:30 and 07:45', 'by 08:20']],
    ['at_risk', 'de', ['gefährdet', 'Leitstelle']],
    ['at_risk', 'en', ['at risk', 'transport office']],
  ] as const)('%s in %s names the stop and the window', (kind, lang, parts) => {
    const text = renderRiderMessage(kind, lang, facts);
    for (const p of parts) expect(text).toContain(p);
  });

  it('says why a ride was turned down and what to try', () => {
    const de = renderRiderMessage('rejected', 'de', { ...facts, reasonCode: 'outside_shift' });
    expect(de).toContain('zu dieser Zeit fährt kein Bus');
    expect(de).toContain('andere Zeit');
    const en = renderRiderMessage('rejected', 'en', { ...facts, reasonCode: 'unknown_code' });
    expect(en).toContain('Try another time');
  });

  it('gives the new and the old pickup time when it moved', () => {
    const text = renderRiderMessage('pickup_moved', 'de', {
      ...facts,
      plannedPickup: new Date('2026-12-01T06:52:00Z'),
      previousPickup: new Date('2026-12-01T06:35:00Z'),
    });
    expect(text).toContain('07:52');
    expect(text).toContain('07:35');
  });

  it("passes on the office's own words when it cancels", () => {
    const text = renderRiderMessage('cancelled_by_office', 'de', {
      ...facts,
      officeMessage: 'Ersatz: Bus 271.',
    });
    expect(text).toContain('storniert: Ersatz: Bus 271.');
  });

  it('stays within two SMS', () => {
    for (const kind of ['confirmed', 'rejected', 'pickup_moved', 'arriving', 'at_risk'] as const)
      for (const lang of ['de', 'en'] as const)
        expect(renderRiderMessage(kind, lang, facts).length).toBeLessThanOrEqual(306);
  });
});
