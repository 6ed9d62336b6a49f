import { routeLabel } from './http.metrics';

describe('routeLabel: bounded route labels for HTTP latency', () => {
  it.each([
    [{ route: { path: '/v1/bookings/:id' } }, '/v1/bookings/:id'],
    [{ route: { path: '/:id' }, baseUrl: '/v1/stops' }, '/v1/stops/:id'],
    [{ route: { path: '{/*splat}' } }, 'unmatched'],
    [{ route: { path: '*' } }, 'unmatched'],
    [{ baseUrl: '/rider' }, '/rider'],
    [{}, 'unmatched'],
  ])('%j is labelled %s', (req, label) => {
    expect(routeLabel(req as Parameters<typeof routeLabel>[0])).toBe(label);
  });
});
