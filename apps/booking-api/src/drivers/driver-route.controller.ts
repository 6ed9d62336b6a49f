import { DriverRouteService, DriverRouteView } from '@app/application';
import { CurrentPrincipal, Roles } from '@app/auth';
import { Principal } from '@app/domain';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DriverRouteQuery } from './dto/driver-route.query';

@ApiTags('drivers')
@ApiBearerAuth()
@Controller({ path: 'drivers/me/route', version: '1' })
export class DriverRouteController {
  constructor(private readonly routes: DriverRouteService) {}

  @Get()
  @Roles('driver')
  @ApiOperation({
    summary: 'The way from the bus to a stop along the roads (geometry is GeoJSON, [lon, lat])',
  })
  @ApiResponse({ status: 400, description: 'fromLat/fromLon out of range, toStopId not a UUID.' })
  @ApiResponse({
    status: 422,
    description: '`unknown_stop`, `no_road_nearby` or `no_route`, with the field.',
  })
  route(
    @CurrentPrincipal() principal: Principal,
    @Query() q: DriverRouteQuery,
  ): Promise<DriverRouteView> {
    return this.routes.route(principal, { lat: q.fromLat, lon: q.fromLon }, q.toStopId);
  }
}
