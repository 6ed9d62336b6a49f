import {
  ConsoleStatsService,
  LiveFleetService,
  LiveVehicle,
  RoadMap,
  RoadMapService,
} from '@app/application';
import { CurrentPrincipal, Roles } from '@app/auth';
import { Principal, type ServiceFigures } from '@app/domain';
import {
  IsAfter,
  IsCalendarDate,
  IsNestedObject,
  IsOffsetDateTime,
  operatorCounty,
} from '@app/http';
import { WhatIfJob, WhatIfService } from '@app/simulation';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateIf } from 'class-validator';

export class StatsQuery {
  @ApiPropertyOptional({ description: 'Start of the span (ISO 8601); default 12 h ago' })
  @IsOptional()
  @IsOffsetDateTime()
  from?: string;

  @ApiPropertyOptional({
    description:
      'End of the span (ISO 8601), after from (also after the default from when only to is ' +
      'given); default 36 h ahead',
  })
  @IsOptional()
  @IsOffsetDateTime()
  @IsAfter('from')
  to?: string;
}

export class WhatIfSourceRequest {
  @ApiProperty({
    enum: ['generated', 'past'],
    description: '`generated`: a generated weekday of the county; `past`: a real past day',
  })
  @IsIn(['generated', 'past'])
  kind: 'generated' | 'past';

  @ApiPropertyOptional({
    example: '2026-11-23',
    description: 'The past day (YYYY-MM-DD, local) whose bookings are replayed; with kind past',
  })
  @ValidateIf((s: WhatIfSourceRequest) => s.kind === 'past')
  @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional({
    default: 1,
    description: 'Seed of the generated day; with kind generated',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  seed?: number;
}

export class WhatIfRequest {
  @ApiPropertyOptional({
    type: WhatIfSourceRequest,
    description: 'The day replayed: a generated day (default) or a past day of the county',
  })
  @IsOptional()
  @IsNestedObject(() => WhatIfSourceRequest)
  source?: WhatIfSourceRequest;

  @ApiPropertyOptional({ default: 1, description: 'Seed of the generated day' })
  @IsOptional()
  @IsInt()
  @Min(0)
  seed?: number;

  @ApiPropertyOptional({ description: 'Draft service area to try (its polygon, hours, rules)' })
  @IsOptional()
  @IsUUID()
  draftAreaId?: string;

  @ApiPropertyOptional({ description: 'Vehicles in the draft' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  fleetSize?: number;
}

@ApiTags('admin: console')
@ApiBearerAuth()
@Roles('operator')
@Controller({ path: 'admin/console', version: '1' })
export class ConsoleController {
  constructor(
    private readonly stats: ConsoleStatsService,
    private readonly fleet: LiveFleetService,
    private readonly whatIf: WhatIfService,
    private readonly roads: RoadMapService,
  ) {}

  @Get('road-network')
  @ApiOperation({
    summary:
      "The roads around the signed-in office's county (an admin's: the county in X-County-Id, " +
      'else every road), as GeoJSON LineStrings ([lon, lat]) for the console map',
  })
  roadNetwork(@CurrentPrincipal() p: Principal): Promise<RoadMap> {
    if (p.role === 'admin' && !p.countyId) return this.roads.get();
    return this.roads.forCounty(operatorCounty(p));
  }

  @Get('stats')
  @ApiOperation({ summary: 'Service figures from bookings and vehicle schedules in a span' })
  figures(@CurrentPrincipal() p: Principal, @Query() q: StatsQuery): Promise<ServiceFigures> {
    return this.stats.figures(operatorCounty(p), {
      from: q.from === undefined ? undefined : new Date(q.from),
      to: q.to === undefined ? undefined : new Date(q.to),
    });
  }

  @Get('vehicles')
  @ApiOperation({ summary: 'Every vehicle with the trip list of its shift running now' })
  vehicles(@CurrentPrincipal() p: Principal): Promise<LiveVehicle[]> {
    return this.fleet.list(operatorCounty(p));
  }

  @Post('what-if')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Start replaying a generated or a past day with live and draft settings (a background job)',
  })
  @ApiResponse({
    status: 409,
    description: '`what_if_running`: a replay of the county is running; the message names it.',
  })
  start(@CurrentPrincipal() p: Principal, @Body() body: WhatIfRequest): Promise<WhatIfJob> {
    const { source, ...rest } = body;
    return this.whatIf.start(operatorCounty(p), {
      ...rest,
      ...(source
        ? {
            source:
              source.kind === 'past'
                ? { kind: 'past', date: source.date! }
                : { kind: 'generated', seed: source.seed },
          }
        : {}),
    });
  }

  @Get('what-if/:jobId')
  @ApiOperation({ summary: 'Progress of a what-if replay, and its figures side by side once done' })
  job(
    @CurrentPrincipal() p: Principal,
    @Param('jobId', new ParseUUIDPipe()) jobId: string,
  ): WhatIfJob {
    return this.whatIf.job(operatorCounty(p), jobId);
  }
}
