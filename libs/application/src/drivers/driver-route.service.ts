import { isUuid, Principal, RuleViolationError } from '@app/domain';
import { StopEntity } from '@app/persistence';
import { LatLon, RoutingError, RoutingPort } from '@app/routing';
import { Injectable } from '@nestjs/common';
import type { LineString } from 'geojson';
import { DataSource } from 'typeorm';

/**
 * One instruction on the way, after OSRM's StepManeuver (`type` and `modifier` take OSRM's
 * values, so the driver app can phrase them with osrm-text-instructions).
 */
export interface DriverRouteStepView {
  /** `depart`, `turn`, `new name`, `continue`, `end of road`, `roundabout`, `arrive`, ... */
  type: string;
  modifier?: string;
  /** Roundabout exit to take (1 = first). */
  exit?: number;
  /** Road driven after the maneuver. */
  name: string;
  /** Where the maneuver is, `[lon, lat]`. */
  location: [number, number];
  bearingBefore: number;
  bearingAfter: number;
  /** From this maneuver to the next. */
  distanceM: number;
  durationS: number;
}

/** The way from the bus to a stop along the roads, as the driver app draws and announces it. */
export interface DriverRouteView {
  durationS: number;
  distanceM: number;
  /** GeoJSON, coordinates `[lon, lat]` (RFC 7946), from the bus to the stop. */
  geometry: LineString;
  /** Turn-by-turn, from `depart` to `arrive`. */
  steps: DriverRouteStepView[];
}

/** Routes a driver from where the bus is to a stop of the driver's county, over the RoutingPort. */
@Injectable()
export class DriverRouteService {
  constructor(
    private readonly ds: DataSource,
    private readonly routing: RoutingPort,
  ) {}

  /**
   * @param from where the bus is (lat/lon, WGS84)
   * @throws RuleViolationError `unknown_stop` (toStopId) for a stop not active in the driver's
   *   county; `no_road_nearby` (fromLat/fromLon or toStopId) when a point is too far from a car
   *   road; `no_route` when the roads do not connect the two.
   */
  async route(principal: Principal, from: LatLon, toStopId: string): Promise<DriverRouteView> {
    const stop = isUuid(toStopId)
      ? await this.ds.getRepository(StopEntity).findOneBy({ id: toStopId, active: true })
      : null;
    if (!stop || (principal.countyId && stop.countyId !== principal.countyId))
      throw problem('toStopId', 'is not a known stop', 'unknown_stop');
    const to = { lat: stop.lat, lon: stop.lon };
    try {
      const r = await this.routing.route([from, to], { steps: true });
      return {
        durationS: Math.round(r.durationS),
        distanceM: Math.round(r.distanceM),
        geometry: r.geometry,
        steps: (r.legs[0]?.steps ?? []).map((s) => ({
          type: s.maneuver.type,
          ...(s.maneuver.modifier ? { modifier: s.maneuver.modifier } : {}),
          ...(s.maneuver.exit !== undefined ? { exit: s.maneuver.exit } : {}),
          name: s.name,
          location: [s.maneuver.location.lon, s.maneuver.location.lat],
          bearingBefore: s.maneuver.bearingBefore,
          bearingAfter: s.maneuver.bearingAfter,
          distanceM: Math.round(s.distanceM),
          durationS: Math.round(s.durationS),
        })),
      };
    } catch (e) {
      if (!(e instanceof RoutingError)) throw e;
      if (e.code === 'NoSegment') {
        // The router does not say which point failed; only the error path pays for asking.
        const stopOnRoad = await this.routing.nearest(to).then(
          () => true,
          () => false,
        );
        throw stopOnRoad
          ? new RuleViolationError(
              ['fromLat', 'fromLon'].map((field) => ({
                field,
                reason: 'no car road near this point',
                code: 'no_road_nearby',
              })),
            )
          : problem('toStopId', 'no car road near this stop', 'no_road_nearby');
      }
      if (e.code === 'NoRoute') throw problem('toStopId', 'no road leads there', 'no_route');
      throw e;
    }
  }
}

function problem(field: string, reason: string, code: string): RuleViolationError {
  return new RuleViolationError([{ field, reason, code }]);
}
