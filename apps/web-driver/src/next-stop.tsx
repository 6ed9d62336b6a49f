import type { StopEvent, TripPassenger, TripStop } from './driver-link';
import { clock, Lang, Texts } from './i18n';

function Who({ p, t }: { p: TripPassenger; t: Texts }) {
  const needs = [
    ...p.needs.map((n) => t.needs[n] ?? n),
    ...(p.wheelchairPlaces > 0 && !p.needs.includes('wheelchair') ? [t.needs.wheelchair] : []),
  ];
  return (
    <>
      <strong>{p.riderName}</strong> · {t.persons(p.passengers)}
      {needs.length > 0 && <span class="needs"> · {needs.join(', ')}</span>}
      {p.notes && <div class="notes">{p.notes}</div>}
      {p.status === 'offered' && <div class="notes">{t.notConfirmed}</div>}
    </>
  );
}

interface Props {
  t: Texts;
  lang: Lang;
  stop: TripStop;
  arrived: boolean;
  done: Record<string, string>;
  send(e: StopEvent): void;
}

/** The next stop, big: who boards and alights, and the buttons for what happens there. */
export function NextStop({ t, lang, stop, arrived, done, send }: Props) {
  const boarding = stop.boarding.filter((p) => p.status !== 'cancelled' && p.status !== 'expired');
  return (
    <section class="next" aria-labelledby="next-h">
      <p class="kicker">
        {t.nextStop} · {t.planned} {clock(stop.plannedArrivalAt, lang)}
      </p>
      <h2 id="next-h">{stop.name}</h2>
      {stop.alighting.length > 0 && (
        <>
          <h3>{t.alighting}</h3>
          <ul class="people">
            {stop.alighting.map((p) => (
              <li key={p.bookingId}>
                <Who p={p} t={t} />
              </li>
            ))}
          </ul>
        </>
      )}
      {boarding.length > 0 && (
        <>
          <h3>{t.boarding}</h3>
          <ul class="people">
            {boarding.map((p) => {
              const state =
                done[p.bookingId] ??
                (p.status === 'picked_up' ? 'boarded' : p.status === 'no_show' ? 'no_show' : '');
              return (
                <li key={p.bookingId}>
                  <Who p={p} t={t} />
                  {state ? (
                    <p class="done" data-testid={`state-${p.bookingId}`}>
                      {state === 'boarded' ? t.boarded : t.noShowDone}
                    </p>
                  ) : (
                    <div class="row">
                      <button
                        class="go"
                        onClick={() =>
                          send({ type: 'boarded', bookingId: p.bookingId, stopId: stop.stopId })
                        }
                      >
                        {t.boardedBtn(p.riderName)}
                      </button>
                      <button
                        class="warn"
                        onClick={() => send({ type: 'no_show', bookingId: p.bookingId })}
                      >
                        {t.noShowBtn(p.riderName)}
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
            {t.arrive}
          </button>
        ) : (
          <button class="go huge" onClick={() => send({ type: 'departed', stopId: stop.stopId })}>
            {t.depart}
          </button>
        )}
      </div>
    </section>
  );
}
