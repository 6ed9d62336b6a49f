import type { StopEventRefusal } from '@app/contracts';
import { clock, type Lang, langStore } from '@app/web-ui';
import type { StopEvent } from './driver-link';

/** German first (the default); English by the button in the header. */
const de = {
  title: 'Rufbus Kusel · Fahrer',
  docTitle: 'Rufbus Kusel – Fahrer',
  language: 'English',
  languageLabel: 'Switch to English',
  // sign-in
  signInTitle: 'Anmelden',
  phone: 'Ihre Telefonnummer',
  sendCode: 'Code senden',
  codeSent: 'Der Code wurde per SMS gesendet (falls die Nummer als Fahrer/in hinterlegt ist).',
  code: 'Code (6 Ziffern)',
  signIn: 'Anmelden',
  otherNumber: 'Andere Nummer',
  error: 'Das hat nicht geklappt. Bitte erneut versuchen.',
  errors: {
    invalid_code: 'Der Code stimmt nicht.',
    code_expired: 'Kein gültiger Code für diese Nummer. Bitte neuen Code anfordern.',
    too_many_attempts: 'Zu viele falsche Versuche. Bitte neuen Code anfordern.',
    rate_limited: 'Zu viele Codes angefordert. Bitte 10 Minuten warten.',
    no_current_shift:
      'Sie haben jetzt keine Schicht, und keine beginnt in Kürze. Bitte melden Sie sich kurz vor Schichtbeginn an.',
    invalid_phone: 'Das ist keine gültige Telefonnummer. Bitte prüfen Sie die Eingabe.',
    not_mobile:
      'Das ist eine Festnetznummer. Der Code kommt per SMS: Bitte geben Sie Ihre Handynummer ein.',
    sms_unavailable:
      'Die SMS konnte gerade nicht verschickt werden. Bitte gleich noch einmal versuchen.',
  } as Record<string, string>,
  /** Why the driver sees the sign-in page again, by the API's error code. */
  signInAgain: {
    shift_ended: 'Ihre Schicht ist zu Ende. Für die nächste Schicht bitte neu anmelden.',
    shift_changed: 'Die Leitstelle hat Ihre Schicht geändert. Bitte neu anmelden.',
    session_ended: 'Ihre Anmeldung ist abgelaufen. Bitte neu anmelden.',
  } as Record<string, string>,
  // shift and connection
  connected: 'Verbunden',
  sending: (n: number) => ` · ${n} Meldungen werden gesendet`,
  offline: (n: number) => `Keine Verbindung – ${n} Meldungen gespeichert, werden nachgesendet`,
  noShift: 'Für Sie läuft gerade keine Schicht.',
  shift: 'Schicht',
  vehicle: 'Fahrzeug',
  startShift: 'Schicht beginnen',
  gpsDenied: 'Standort nicht freigegeben – Position wird nicht gesendet.',
  noStops: 'Keine Halte geplant.',
  later: 'Danach',
  // turn by turn
  instruction: 'Nächste Anweisung',
  speak: 'Vorlesen',
  rerouting: 'Abseits der Route – neue Route wird berechnet …',
  // stop events
  event: {
    arrived: 'Ankunft',
    departed: 'Abfahrt',
    boarded: 'Einstieg',
    no_show: 'Nicht erschienen',
  } as Record<StopEvent['type'], string>,
  sent: {
    arrived: 'Ankunft gemeldet.',
    departed: 'Abfahrt gemeldet.',
    boarded: 'Einstieg gemeldet.',
    no_show: 'Nicht erschienen gemeldet.',
  } as Record<StopEvent['type'], string>,
  refused: (event: string, reason: string) => `Meldung „${event}“ abgelehnt: ${reason}`,
  /**
   * Why a stop event was refused, for every code the gateway can answer (`STOP_EVENT_REFUSALS`);
   * never its English reason.
   */
  refusal: {
    too_early:
      'Das Abholfenster dieses Fahrgasts hat noch nicht begonnen. „Nicht da“ erst ab Beginn des Fensters melden.',
    pickups_open:
      'Hier steigt noch jemand ein. Vor der Abfahrt jeden Fahrgast als eingestiegen oder nicht da melden.',
    invalid: 'Die Meldung passt nicht zu diesem Halt.',
    invalid_type: 'Die Meldung war unvollständig. Bitte die Seite neu laden und erneut melden.',
    required: 'Die Meldung war unvollständig. Bitte die Seite neu laden und erneut melden.',
    not_found:
      'Diese Fahrt gehört nicht mehr zu Ihrer Tour (storniert oder einem anderen Fahrzeug gegeben). Die Liste wird aktualisiert.',
    wrong_stop: 'Dieser Fahrgast steigt an einem anderen Halt ein.',
    illegal_status_transition: 'Diese Fahrt ist schon anders gemeldet oder storniert.',
    no_current_shift:
      'Für Sie läuft gerade keine Schicht. Meldungen gehen nur während der Schicht.',
    forbidden:
      'Mit dieser Anmeldung können keine Halte gemeldet werden. Bitte als Fahrer/in anmelden.',
    unauthorized: 'Ihre Anmeldung ist abgelaufen. Bitte neu anmelden.',
    shift_ended: 'Ihre Schicht ist zu Ende. Für die nächste Schicht bitte neu anmelden.',
    shift_changed: 'Die Leitstelle hat Ihre Schicht geändert. Bitte neu anmelden.',
    database_unavailable: 'Das System ist kurz nicht erreichbar. Bitte gleich noch einmal melden.',
    redis_unavailable: 'Das System ist kurz nicht erreichbar. Bitte gleich noch einmal melden.',
    routing_unavailable: 'Das System ist kurz nicht erreichbar. Bitte gleich noch einmal melden.',
    internal:
      'Im System ist ein Fehler aufgetreten. Bitte noch einmal melden, sonst die Leitstelle anrufen.',
  } satisfies Record<StopEventRefusal, string>,
  /** For a code this app does not know yet (a newer gateway). */
  refusalOther: 'Bitte noch einmal melden, sonst die Leitstelle anrufen.',
  // next stop
  nextStop: 'Nächster Halt',
  planned: 'geplant',
  alighting: 'Aussteigen',
  boarding: 'Einsteigen',
  persons: (n: number) => (n === 1 ? '1 Person' : `${n} Personen`),
  needs: {
    wheelchair: '♿ Rollstuhl',
    walking_aid: 'Gehhilfe',
    assistance: 'Braucht Hilfe beim Einsteigen',
    guide_dog: 'Blindenhund',
    child_seat: 'Kindersitz',
  } as Record<string, string>,
  notConfirmed: 'Noch nicht bestätigt',
  boarded: '✔ Eingestiegen',
  noShowDone: '✖ Nicht erschienen',
  boardedBtn: (name: string) => `Eingestiegen: ${name}`,
  noShowBtn: (name: string) => `Nicht da: ${name}`,
  arrive: 'Angekommen',
  depart: 'Abfahren',
  // map
  mapRoad: 'Karte: Weg zum nächsten Halt über die Straßen',
  roadsSynthetic: 'Straßen: erfundenes Netz (Entwicklung), keine echten Straßen',
  mapStraight: 'Karte: Weg zum nächsten Halt (Luftlinie)',
  routeFailed: 'Route nicht verfügbar – die Karte zeigt die Luftlinie zum nächsten Halt.',
};

const en: typeof de = {
  title: 'Rufbus Kusel · Driver',
  docTitle: 'Rufbus Kusel – Driver',
  language: 'Deutsch',
  languageLabel: 'Auf Deutsch umschalten',
  signInTitle: 'Sign in',
  phone: 'Your phone number',
  sendCode: 'Send code',
  codeSent: 'The code has been sent by text message (if the number is on file for a driver).',
  code: 'Code (6 digits)',
  signIn: 'Sign in',
  otherNumber: 'Other number',
  error: 'That did not work. Please try again.',
  errors: {
    invalid_code: 'The code is not right.',
    code_expired: 'No valid code for this number. Please ask for a new code.',
    too_many_attempts: 'Too many wrong tries. Please ask for a new code.',
    rate_limited: 'Too many codes requested. Please wait 10 minutes.',
    no_current_shift:
      'You have no shift now and none begins soon. Please sign in shortly before your shift begins.',
    invalid_phone: 'That is not a valid phone number. Please check it.',
    not_mobile:
      'That is a landline number. The code comes by text message: please enter your mobile number.',
    sms_unavailable: 'The text message could not be sent just now. Please try again shortly.',
  },
  signInAgain: {
    shift_ended: 'Your shift has ended. Please sign in again for your next shift.',
    shift_changed: 'The office changed your shift. Please sign in again.',
    session_ended: 'Your sign-in has expired. Please sign in again.',
  },
  connected: 'Connected',
  sending: (n: number) => ` · sending ${n} reports`,
  offline: (n: number) => `No connection – ${n} reports saved, will be sent later`,
  noShift: 'You have no shift running now.',
  shift: 'Shift',
  vehicle: 'Vehicle',
  startShift: 'Start shift',
  gpsDenied: 'Location not allowed – the position is not being sent.',
  noStops: 'No stops planned.',
  later: 'After that',
  instruction: 'Next instruction',
  speak: 'Read aloud',
  rerouting: 'Off the route – calculating a new one …',
  event: {
    arrived: 'Arrival',
    departed: 'Departure',
    boarded: 'Boarding',
    no_show: 'No-show',
  },
  sent: {
    arrived: 'Arrival reported.',
    departed: 'Departure reported.',
    boarded: 'Boarding reported.',
    no_show: 'No-show reported.',
  },
  refused: (event: string, reason: string) => `Report “${event}” refused: ${reason}`,
  refusal: {
    too_early: 'This rider’s pickup window has not begun yet. Report “not here” only once it has.',
    pickups_open:
      'Someone is still to board here. Before departing, report each rider as boarded or not here.',
    invalid: 'The report does not fit this stop.',
    invalid_type: 'The report was incomplete. Please reload the page and report again.',
    required: 'The report was incomplete. Please reload the page and report again.',
    not_found:
      'This ride is no longer on your trip (cancelled or given to another vehicle). The list is being updated.',
    wrong_stop: 'This rider gets on at another stop.',
    illegal_status_transition: 'This ride has already been reported otherwise or was cancelled.',
    no_current_shift: 'You have no shift running now. Reports can only be sent during a shift.',
    forbidden: 'This sign-in cannot report stops. Please sign in as a driver.',
    unauthorized: 'Your sign-in has expired. Please sign in again.',
    shift_ended: 'Your shift has ended. Please sign in again for your next shift.',
    shift_changed: 'The office changed your shift. Please sign in again.',
    database_unavailable: 'The system is briefly unavailable. Please report again in a moment.',
    redis_unavailable: 'The system is briefly unavailable. Please report again in a moment.',
    routing_unavailable: 'The system is briefly unavailable. Please report again in a moment.',
    internal: 'Something went wrong in the system. Please report again, or else call the office.',
  },
  refusalOther: 'Please report again, or else call the office.',
  nextStop: 'Next stop',
  planned: 'planned',
  alighting: 'Getting off',
  boarding: 'Getting on',
  persons: (n: number) => (n === 1 ? '1 passenger' : `${n} passengers`),
  needs: {
    wheelchair: '♿ Wheelchair',
    walking_aid: 'Walking aid',
    assistance: 'Needs help getting on',
    guide_dog: 'Guide dog',
    child_seat: 'Child seat',
  },
  notConfirmed: 'Not confirmed yet',
  boarded: '✔ On board',
  noShowDone: '✖ Did not show up',
  boardedBtn: (name: string) => `On board: ${name}`,
  noShowBtn: (name: string) => `Not here: ${name}`,
  arrive: 'Arrived',
  depart: 'Depart',
  mapRoad: 'Map: the way to the next stop along the roads',
  roadsSynthetic: 'Roads: an invented network (development), not real roads',
  mapStraight: 'Map: the way to the next stop (straight line)',
  routeFailed: 'Route not available – the map shows a straight line to the next stop.',
};

export type Texts = typeof de;
export const texts: Record<Lang, Texts> = { de, en };

export const { initial: initialLang, save: saveLang } = langStore('rufbus.driver.lang');

/** Why the gateway refused a stop event, in the driver's language: by its code, never its English reason. */
export function refusalText(t: Texts, code: string): string {
  return (t.refusal as Record<string, string>)[code] ?? t.refusalOther;
}
export { clock, type Lang };
