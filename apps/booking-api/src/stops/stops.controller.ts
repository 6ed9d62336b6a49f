import { StopsService, StopView } from '@app/application';
import { Public } from '@app/auth';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SearchStopsQuery } from './dto/search-stops.query';

@ApiTags('stops')
@Controller({ path: 'stops', version: '1' })
export class StopsController {
  constructor(private readonly stops: StopsService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary:
      'Find stops by name, by distance from a point, or both; in one county (`county`, or near a ' +
      'point the county whose service area contains it)',
  })
  search(@Query() q: SearchStopsQuery): Promise<StopView[]> {
    return this.stops.search({
      q: q.q,
      near: q.lat !== undefined && q.lon !== undefined ? { lat: q.lat, lon: q.lon } : undefined,
      radiusM: q.radiusM,
      kind: q.kind,
      countyCode: q.county,
      limit: q.limit ?? 20,
    });
  }

  @Get(':id')
  @Public()
  get(@Param('id') id: string): Promise<StopView> {
    return this.stops.get(id);
  }
}
