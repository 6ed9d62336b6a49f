import {
  BookingOptionsService,
  BookingOptionsView,
  CountiesService,
  RoadMap,
  RoadMapService,
  TransportOfficeView,
} from '@app/application';
import { Public } from '@app/auth';
import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { BookingOptionsQuery, RoadNetworkQuery } from './dto/county.query';

@ApiTags('client')
@Controller({ path: 'web', version: '1' })
export class RoadNetworkController {
  constructor(
    private readonly roads: RoadMapService,
    private readonly options: BookingOptionsService,
    private readonly counties: CountiesService,
  ) {}

  @Get('road-network')
  @Public()
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({
    summary:
      'Drivable roads as GeoJSON LineStrings ([lon, lat]), for maps without a tile server; ' +
      'with `county` only the roads around its service area',
  })
  async roadNetwork(@Query() q: RoadNetworkQuery): Promise<RoadMap> {
    if (q.county === undefined) return this.roads.get();
    return this.roads.forCounty((await this.counties.byCode(q.county)).id);
  }

  @Get('booking-options')
  @Public()
  @ApiOperation({
    summary:
      "Notice, horizon, limits and the main hub, for the rider app: of the county named, of a stop's county, or of the only county",
  })
  bookingOptions(@Query() q: BookingOptionsQuery): Promise<BookingOptionsView> {
    return this.options.find({ countyCode: q.county, stopId: q.stopId });
  }

  @Get('offices')
  @Public()
  @ApiOperation({
    summary:
      "Each county's transport office (county name) and its number for booking by phone, for " +
      'riders whose landline cannot get a sign-in code',
  })
  offices(): Promise<TransportOfficeView[]> {
    return this.options.offices();
  }
}
