import { apiClient, ClientConfig, phoneAuth, serverClock, tokenStore } from '@app/web-ui';
import type { LineString } from 'geojson';
import type { RoadMapView } from '@app/contracts';

/** The public booking API, as the driver app uses it. */
export interface Shift {
  shiftId: string;
  driver: { id: string; name: string };
  vehicle: { id: string; callSign: string; seats: number; wheelchairPlaces: number };
  startsAt: string;
  endsAt: string;
}

/** One instruction (OSRM maneuver type and modifier); location is [lon, lat]. */
export interface DriverRouteStep {
  type: string;
  modifier?: string;
  exit?: number;
  name: string;
  location: [number, number];
  distanceM: number;
  durationS: number;
}

/** The way from the bus to a stop along the roads; geometry coordinates are [lon, lat]. */
export interface DriverRoute {
  durationS: number;
  distanceM: number;
  geometry: LineString;
  steps: DriverRouteStep[];
}

export const session = tokenStore('rufbus.driver.token');
const call = apiClient(session);

let clock: () => Date = serverClock(undefined);
/** The server's time (simulated in a development demo): positions are stamped with it. */
export const serverNow = (): Date => clock();

export const api = {
  ...phoneAuth(call, 'driver'),
  shift: () => call<Shift>('GET', '/drivers/me/shift'),
  route: (fromLat: number, fromLon: number, toStopId: string) =>
    call<DriverRoute>(
      'GET',
      `/drivers/me/route?${new URLSearchParams({
        fromLat: String(fromLat),
        fromLon: String(fromLon),
        toStopId,
      })}`,
    ),
  roads: () => call<RoadMapView>('GET', '/web/road-network'),
  clientConfig: async () => {
    const config = await call<ClientConfig>('GET', '/client-config');
    clock = serverClock(config.clock);
    return config;
  },
};
