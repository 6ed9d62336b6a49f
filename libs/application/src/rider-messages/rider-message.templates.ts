import type { RiderMessageKind } from '@app/persistence';

export type MessageLanguage = 'de' | 'en';

/** What a message needs to know; times are instants, shown in the county's time zone. */
export interface MessageFacts {
  timeZone: string;
  fromStop: string;
  toStop: string;
  pickupFrom?: Date | null;
  pickupTo?: Date | null;
  latestArrival?: Date | null;
  requestedTime?: Date;
  /** Planned pickup now, and the one told before (pickup moved). */
  plannedPickup?: Date | null;
  previousPickup?: Date | null;
  vehicleCallSign?: string | null;
  reasonCode?: string | null;
  /** A rejection for lack of room: the nearest times a bus could have taken the ride. */
  alternatives?: Date[];
  /** The office's own words (cancelled by the office). */
  officeMessage?: string | null;
  /** The train the ride connects with, its delay now (train messages). */
  train?: {
    role: 'catch' | 'arrive';
    route: string | null;
    /** Where it goes (`catch`) or comes from (`arrive`). */
    headsign: string | null;
    scheduledAt: Date | null;
    delayMin: number;
  } | null;
  /**
   * A late train: the pickup could not be moved along, the office takes over. A train that runs
   * after all: the ride stays with the office (no vehicle could take it back).
   */
  trainAtRisk?: boolean;
  /** A cancelled train to catch: the next departure the timetable has, if any. */
  nextTrainAt?: Date | null;
}

const hhmm = (d: Date | null | undefined, tz: string) =>
  d
    ? new Intl.DateTimeFormat('de-DE', { timeZone: tz, hour: '2-digit', minute: '2-digit' }).format(
        d,
      )
    : '?';
const day = (d: Date | null | undefined, tz: string, lang: MessageLanguage) =>
  d
    ? new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', {
        timeZone: tz,
        weekday: 'short',
        day: 'numeric',
        month: 'numeric',
      }).format(d)
    : '?';

/** Why a ride was turned down, in the rider's words, and what to try instead. */
const REJECTION: Record<string, { de: string; en: string }> = {
  no_feasible_insertion: {
    de: 'zu dieser Zeit ist kein Bus frei',
    en: 'no bus is free at that time',
  },
  outside_shift: { de: 'zu dieser Zeit fährt kein Bus', en: 'no bus runs at that time' },
  no_vehicle_with_capacity: {
    de: 'kein Bus hat genug Plätze für Ihre Gruppe',
    en: 'no bus has enough places for your group',
  },
  train_cancelled: { de: 'Ihr Zug fällt aus', en: 'your train is cancelled' },
  dispatch_unavailable: { de: 'eine technische Störung', en: 'a technical fault' },
  dispatch_bad_data: { de: 'eine technische Störung', en: 'a technical fault' },
};

/**
 * The text of a rider message, German or English, short enough for one or two SMS. Pure, so
 * every writer of the outbox says the same thing.
 */
export function renderRiderMessage(
  kind: RiderMessageKind,
  lang: MessageLanguage,
  f: MessageFacts,
): string {
  const tz = f.timeZone;
  const de = lang === 'de';
  const when = day(f.pickupFrom ?? f.requestedTime ?? null, tz, lang);
  switch (kind) {
    case 'confirmed':
      return de
        ? `Fahrt bestätigt: ${when}, Abholung ${f.fromStop} zwischen ${hhmm(f.pickupFrom, tz)} und ${hhmm(f.pickupTo, tz)} Uhr, Ankunft ${f.toStop} spätestens ${hhmm(f.latestArrival, tz)} Uhr.`
        : `Ride confirmed: ${when}, pickup at ${f.fromStop} between ${hhmm(f.pickupFrom, tz)} and ${hhmm(f.pickupTo, tz)}, arrival at ${f.toStop} by ${hhmm(f.latestArrival, tz)}.`;
    case 'rejected': {
      const why = REJECTION[f.reasonCode ?? ''] ?? {
        de: 'die Fahrt passt nicht in den Fahrplan',
        en: 'the ride does not fit the service',
      };
      const times = (f.alternatives ?? []).map((t) => hhmm(t, tz));
      if (times.length)
        return de
          ? `Leider keine Fahrt ${f.fromStop} → ${f.toStop} (${when}): ${why.de}. Möglich wäre ${times.join(' oder ')} Uhr: bitte neu buchen, in der App oder bei der Leitstelle.`
          : `Sorry, no ride ${f.fromStop} → ${f.toStop} (${when}): ${why.en}. Possible instead: ${times.join(' or ')}; please book again, in the app or with the transport office.`;
      return de
        ? `Leider keine Fahrt ${f.fromStop} → ${f.toStop} (${when}): ${why.de}. Versuchen Sie eine andere Zeit, z. B. 30 Minuten früher oder später, oder rufen Sie die Leitstelle an.`
        : `Sorry, no ride ${f.fromStop} → ${f.toStop} (${when}): ${why.en}. Try another time, e.g. 30 minutes earlier or later, or call the transport office.`;
    }
    case 'pickup_moved':
      return de
        ? `Neue Abholzeit: ${f.fromStop} etwa ${hhmm(f.plannedPickup, tz)} Uhr statt ${hhmm(f.previousPickup, tz)} Uhr (${when}).`
        : `New pickup time: ${f.fromStop} at about ${hhmm(f.plannedPickup, tz)} instead of ${hhmm(f.previousPickup, tz)} (${when}).`;
    case 'arriving':
      return de
        ? `Ihr Bus${f.vehicleCallSign ? ` ${f.vehicleCallSign}` : ''} ist gleich da: ${f.fromStop}, etwa ${hhmm(f.plannedPickup, tz)} Uhr.`
        : `Your bus${f.vehicleCallSign ? ` ${f.vehicleCallSign}` : ''} is about to arrive: ${f.fromStop}, at about ${hhmm(f.plannedPickup, tz)}.`;
    case 'at_risk':
      return de
        ? `Ihre Fahrt ${when} ab ${f.fromStop} (${hhmm(f.pickupFrom, tz)}–${hhmm(f.pickupTo, tz)} Uhr) ist gefährdet, weil ein Bus ausfällt. Die Leitstelle kümmert sich und meldet sich bei Ihnen.`
        : `Your ride ${when} from ${f.fromStop} (${hhmm(f.pickupFrom, tz)}–${hhmm(f.pickupTo, tz)}) is at risk because a bus is out of service. The transport office is on it and will contact you.`;
    case 'train_delayed':
    case 'train_cancelled':
    case 'train_restored':
      return trainMessage(kind, de, f, when);
    case 'cancelled_by_office':
      return de
        ? `Die Leitstelle hat Ihre Fahrt ${when} ab ${f.fromStop} storniert${f.officeMessage ? `: ${f.officeMessage}` : '.'}`
        : `The transport office cancelled your ride ${when} from ${f.fromStop}${f.officeMessage ? `: ${f.officeMessage}` : '.'}`;
  }
}

/** A late or cancelled train and what it means for the ride (issue 14). */
function trainMessage(
  kind: 'train_delayed' | 'train_cancelled' | 'train_restored',
  de: boolean,
  f: MessageFacts,
  when: string,
): string {
  const tz = f.timeZone;
  const t = f.train;
  const route = t?.route ?? (de ? 'Zug' : 'train');
  const name =
    t?.role === 'arrive'
      ? `${route} ${de ? 'aus' : 'from'} ${t.headsign ?? '?'}`
      : `${route} ${de ? 'nach' : 'to'} ${t?.headsign ?? '?'}`;
  const office = de
    ? 'die Leitstelle kümmert sich und meldet sich bei Ihnen.'
    : 'the transport office is on it and will contact you.';
  if (kind === 'train_delayed') {
    const late = t?.delayMin
      ? de
        ? `Ihr Zug ${name} hat etwa ${t.delayMin} Min. Verspätung.`
        : `Your train ${name} is about ${t.delayMin} min late.`
      : de
        ? `Ihr Zug ${name} ist wieder pünktlich.`
        : `Your train ${name} is on time again.`;
    if (f.trainAtRisk)
      return de
        ? `${late} Ihre Abholung ab ${f.fromStop} lässt sich nicht passend verschieben; ${office}`
        : `${late} Your pickup at ${f.fromStop} cannot be moved to match; ${office}`;
    return de
      ? `${late} Neue Abholzeit ${when}: ${f.fromStop} zwischen ${hhmm(f.pickupFrom, tz)} und ${hhmm(f.pickupTo, tz)} Uhr.`
      : `${late} New pickup ${when}: ${f.fromStop} between ${hhmm(f.pickupFrom, tz)} and ${hhmm(f.pickupTo, tz)}.`;
  }
  const at = hhmm(t?.scheduledAt, tz);
  if (kind === 'train_restored') {
    const runs = de
      ? `Ihr Zug ${name} (${t?.role === 'arrive' ? 'an' : 'ab'} ${at} Uhr) fährt doch${t?.delayMin ? `, etwa ${t.delayMin} Min. später` : ''}.`
      : `Your train ${name} (${t?.role === 'arrive' ? 'due' : 'departing'} ${at}) runs after all${t?.delayMin ? `, about ${t.delayMin} min late` : ''}.`;
    if (f.trainAtRisk)
      return de
        ? `${runs} Ihre Fahrt ${when} ab ${f.fromStop} ist weiter gefährdet; ${office}`
        : `${runs} Your ride ${when} from ${f.fromStop} is still at risk; ${office}`;
    return de
      ? `${runs} Ihre Fahrt ${when} findet statt: Abholung ${f.fromStop} zwischen ${hhmm(f.pickupFrom, tz)} und ${hhmm(f.pickupTo, tz)} Uhr.`
      : `${runs} Your ride ${when} goes ahead: pickup at ${f.fromStop} between ${hhmm(f.pickupFrom, tz)} and ${hhmm(f.pickupTo, tz)}.`;
  }
  if (t?.role === 'arrive')
    return de
      ? `Ihr Zug ${name} (an ${at} Uhr) fällt aus. Ihre Abholung ${when} ab ${f.fromStop} ist deshalb gefährdet; ${office}`
      : `Your train ${name} (due ${at}) is cancelled. Your pickup ${when} at ${f.fromStop} is therefore at risk; ${office}`;
  const next = f.nextTrainAt
    ? de
      ? ` Nächste Abfahrt laut Fahrplan: ${hhmm(f.nextTrainAt, tz)} Uhr.`
      : ` Next departure in the timetable: ${hhmm(f.nextTrainAt, tz)}.`
    : '';
  return de
    ? `Ihr Zug ${name} (ab ${at} Uhr) fällt aus.${next} Ihre Fahrt ${when} nach ${f.toStop} ist gefährdet; ${office}`
    : `Your train ${name} (departing ${at}) is cancelled.${next} Your ride ${when} to ${f.toStop} is at risk; ${office}`;
}
