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

  it('names the times that would fit instead when a rejection has them', () => {
    const alternatives = [new Date('2026-12-01T06:10:00Z'), new Date('2026-12-01T06:50:00Z')];
    const de = renderRiderMessage('rejected', 'de', {
      ...facts,
      reasonCode: 'no_feasible_insertion',
      alternatives,
    });
    expect(de).toContain('Möglich wäre 07:10 oder 07:50 Uhr');
    const en = renderRiderMessage('rejected', 'en', { ...facts, alternatives });
    expect(en).toContain('Possible instead: 07:10 or 07:50');
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

  const train = {
    role: 'arrive' as const,
    route: 'RB',
    headsign: 'Kaiserslautern Hbf',
    scheduledAt: new Date('2026-12-01T06:25:00Z'),
    delayMin: 12,
  };

  it('tells of a late train and the new pickup window, or that the office takes over', () => {
    const moved = renderRiderMessage('train_delayed', 'de', { ...facts, train });
    expect(moved).toContain('RB aus Kaiserslautern Hbf hat etwa 12 Min. Verspätung');
    expect(moved).toContain('zwischen 07:30 und 07:45 Uhr');
    const en = renderRiderMessage('train_delayed', 'en', { ...facts, train, trainAtRisk: true });
    expect(en).toContain('about 12 min late');
    expect(en).toContain('transport office');
  });

  it('tells of a cancelled train, with the next departure for a rider going to catch it', () => {
    const arrive = renderRiderMessage('train_cancelled', 'de', { ...facts, train });
    expect(arrive).toContain('(an 07:25 Uhr) fällt aus');
    expect(arrive).toContain('Leitstelle');
    const catchIt = renderRiderMessage('train_cancelled', 'de', {
      ...facts,
      train: { ...train, role: 'catch' },
      nextTrainAt: new Date('2026-12-01T07:20:00Z'),
    });
    expect(catchIt).toContain('RB nach Kaiserslautern Hbf (ab 07:25 Uhr) fällt aus');
    expect(catchIt).toContain('Nächste Abfahrt laut Fahrplan: 08:20 Uhr');
  });

  it('tells that a cancelled train runs after all, and whether the ride goes ahead', () => {
    const ahead = renderRiderMessage('train_restored', 'de', { ...facts, train });
    expect(ahead).toContain(
      'RB aus Kaiserslautern Hbf (an 07:25 Uhr) fährt doch, etwa 12 Min. später',
    );
    expect(ahead).toContain(
      'findet statt: Abholung Albessen, Ortsmitte zwischen 07:30 und 07:45 Uhr',
    );
    const still = renderRiderMessage('train_restored', 'en', {
      ...facts,
      train: { ...train, delayMin: 0 },
      trainAtRisk: true,
    });
    expect(still).toContain('(due 07:25) runs after all.');
    expect(still).toContain('still at risk; the transport office');
  });

  it('stays within two SMS', () => {
    const kinds = [
      'confirmed',
      'rejected',
      'pickup_moved',
      'arriving',
      'at_risk',
      'train_delayed',
      'train_cancelled',
      'train_restored',
    ] as const;
    const long = {
      ...facts,
      fromStop: 'Schellweiler, Ortsmitte',
      toStop: 'Glan-Münchweiler, Bahnhof',
    };
    for (const kind of kinds)
      for (const lang of ['de', 'en'] as const)
        for (const t of [
          { train, trainAtRisk: true },
          { train: { ...train, role: 'catch' as const }, nextTrainAt: new Date() },
        ])
          expect(renderRiderMessage(kind, lang, { ...long, ...t }).length).toBeLessThanOrEqual(306);
  });
});
