import {
  BookingOptionsService,
  BookingOptionsView,
  RoadMap,
  RoadMapService,
} from '@app/application';
import { Public } from '@app/auth';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('client')
@Controller({ path: 'web', version: '1' })
export class RoadNetworkController {
  constructor(
    private readonly roads: RoadMapService,
    private readonly options: BookingOptionsService,
  ) {}

  @Get('road-network')
  @Public()
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({
    summary: 'Drivable roads as GeoJSON LineStrings ([lon, lat]), for maps without a tile server',
  })
  roadNetwork(): Promise<RoadMap> {
    return this.roads.get();
  }

  @Get('booking-options')
  @Public()
  @ApiOperation({ summary: 'Notice, horizon, limits and the main hub, for the rider app' })
  bookingOptions(): Promise<BookingOptionsView> {
    return this.options.forCounty('07336');
  }
}
