import type { StopEvent, TripPassenger, TripStop } from './driver-link';

const NEEDS: Record<string, string> = {
  wheelchair: '♿ Rollstuhl',
  walking_aid: 'Gehhilfe',
  assistance: 'Braucht Hilfe beim Einsteigen',
  guide_dog: 'Blindenhund',
  child_seat: 'Kindersitz',
};
export const hhmm = (iso: string) =>
  new Date(iso).toLocaleTimeString('de-DE', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Berlin',
  });

function Who({ p }: { p: TripPassenger }) {
  const needs = [
    ...p.needs.map((n) => NEEDS[n] ?? n),
    ...(p.wheelchairPlaces > 0 && !p.needs.includes('wheelchair') ? [NEEDS.wheelchair] : []),
  ];
  return (
    <>
      <strong>{p.riderName}</strong> · {p.passengers} {p.passengers === 1 ? 'Person' : 'Personen'}
      {needs.length > 0 && <span class="needs"> · {needs.join(', ')}</span>}
      {p.notes && <div class="notes">{p.notes}</div>}
      {p.status === 'offered' && <div class="notes">Noch nicht bestätigt</div>}
    </>
  );
}

interface Props {
  stop: TripStop;
  arrived: boolean;
  done: Record<string, string>;
  send(e: StopEvent): void;
}

/** The next stop, big: who boards and alights, and the buttons for what happens there. */
export function NextStop({ stop, arrived, done, send }: Props) {
  const boarding = stop.boarding.filter((p) => p.status !== 'cancelled' && p.status !== 'expired');
  return (
    <section class="next" aria-labelledby="next-h">
      <p class="kicker">Nächster Halt · geplant {hhmm(stop.plannedArrivalAt)}</p>
      <h2 id="next-h">{stop.name}</h2>
      {stop.alighting.length > 0 && (
        <>
          <h3>Aussteigen</h3>
          <ul class="people">
            {stop.alighting.map((p) => (
              <li key={p.bookingId}>
                <Who p={p} />
              </li>
            ))}
          </ul>
        </>
      )}
      {boarding.length > 0 && (
        <>
          <h3>Einsteigen</h3>
          <ul class="people">
            {boarding.map((p) => {
              const state =
                done[p.bookingId] ??
                (p.status === 'picked_up' ? 'boarded' : p.status === 'no_show' ? 'no_show' : '');
              return (
                <li key={p.bookingId}>
                  <Who p={p} />
                  {state ? (
                    <p class="done" data-testid={`state-${p.bookingId}`}>
                      {state === 'boarded' ? '✔ Eingestiegen' : '✖ Nicht erschienen'}
                    </p>
                  ) : (
                    <div class="row">
                      <button
                        class="go"
                        onClick={() =>
                          send({ type: 'boarded', bookingId: p.bookingId, stopId: stop.stopId })
                        }
                      >
                        Eingestiegen: {p.riderName}
                      </button>
                      <button
                        class="warn"
                        onClick={() => send({ type: 'no_show', bookingId: p.bookingId })}
                      >
                        Nicht da: {p.riderName}
                      </button>
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <div class="row">
        {!arrived ? (
          <button class="go huge" onClick={() => send({ type: 'arrived', stopId: stop.stopId })}>
            Angekommen
          </button>
        ) : (
          <button class="go huge" onClick={() => send({ type: 'departed', stopId: stop.stopId })}>
            Abfahren
          </button>
        )}
      </div>
    </section>
  );
}
