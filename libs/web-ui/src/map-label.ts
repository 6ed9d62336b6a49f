/**
 * A label for a Leaflet tooltip, popup or div icon that shows `text` as text. Leaflet sets a
 * string given to `bindTooltip`, `bindPopup` or `divIcon({ html })` as innerHTML, so a stop
 * name an office account typed (`<img …>`) would become markup in riders', drivers' and other
 * operators' browsers; an element with `textContent` cannot. Every name on a map goes through
 * here, never as a string.
 */
export function mapLabel(text: string, attributes: Record<string, string> = {}): HTMLElement {
  const el = document.createElement('span');
  el.textContent = text;
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  return el;
}
