import { useState } from 'preact/hooks';
import { api, Stop } from './api';
import { useApp } from './app';

interface Props {
  id: string;
  legend: string;
  value: { id: string; name: string } | null;
  onChange(stop: { id: string; name: string }): void;
  /** Offer the stops nearest the phone (for the start). */
  nearby?: boolean;
  /** One-tap choices shown first (the hub). */
  quick?: Array<{ id: string; name: string }>;
}

/** Choose a stop: nearest by location, a quick choice, or by name; a radio group either way. */
export function StopPicker({ id, legend, value, onChange, nearby, quick = [] }: Props) {
  const { t } = useApp();
  const [found, setFound] = useState<Stop[]>([]);
  const [query, setQuery] = useState('');
  const [note, setNote] = useState('');

  const locate = () => {
    setNote(t.locating);
    navigator.geolocation.getCurrentPosition(
      async (pos) => {
        try {
          const stops = await api.stopsNear(pos.coords.latitude, pos.coords.longitude);
          setFound(stops);
          setNote(stops.length ? '' : t.noStops);
          if (stops[0]) onChange(stops[0]);
        } catch {
          setNote(t.error);
        }
      },
      () => setNote(t.noLocation),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  };
  const search = async (e: Event) => {
    e.preventDefault();
    if (!query.trim()) return;
    try {
      const stops = await api.stopsByName(query.trim());
      setFound(stops);
      setNote(stops.length ? '' : t.noStops);
    } catch {
      setNote(t.error);
    }
  };

  const options = [...quick, ...found.filter((s) => !quick.some((q) => q.id === s.id))];
  if (value && !options.some((o) => o.id === value.id)) options.unshift(value);

  return (
    <fieldset class="picker">
      <legend>{legend}</legend>
      {nearby && (
        <button type="button" class="secondary" onClick={locate}>
          {t.nearMe}
        </button>
      )}
      <div class="search-row">
        <label for={`${id}-q`}>{t.searchPlace}</label>
        <div class="inline">
          <input
            id={`${id}-q`}
            type="search"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && search(e)}
          />
          <button type="button" class="secondary" onClick={search}>
            {t.search}
          </button>
        </div>
      </div>
      {note && <p class="note">{note}</p>}
      {options.length > 0 && (
        <div class="choices" role="radiogroup" aria-label={legend}>
          {options.map((s) => (
            <label class={`choice ${value?.id === s.id ? 'chosen' : ''}`} key={s.id}>
              <input
                type="radio"
                name={id}
                value={s.id}
                checked={value?.id === s.id}
                onChange={() => onChange({ id: s.id, name: s.name })}
              />
              <span>
                {s.name}
                {'distanceM' in s && typeof s.distanceM === 'number' && (
                  <small> · {(s.distanceM / 1000).toFixed(1).replace('.', ',')} km</small>
                )}
              </span>
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
