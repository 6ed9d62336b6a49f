import { render } from 'preact';
import 'leaflet/dist/leaflet.css';
import './styles.css';
import { api } from './api';
import { App } from './app';

// The server's clock first, so the booking form suggests times on it (a simulated demo day).
void api
  .clientConfig()
  .catch(() => undefined)
  .finally(() => render(<App />, document.getElementById('app')!));

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => undefined);
}
