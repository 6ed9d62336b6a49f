import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

export class SearchStopsQuery {
  @ApiPropertyOptional({
    description: 'Part of the name; umlauts may be typed as ä, ae or a',
    example: 'münchw',
  })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  q?: string;

  @ApiPropertyOptional({
    description: 'Latitude of the point to search around (WGS84)',
    example: 49.5383,
  })
  @ValidateIf((o: SearchStopsQuery) => o.lon !== undefined || o.lat !== undefined)
  @Type(() => Number)
  @IsLatitude({ message: 'must be a latitude (-90..90), given together with lon' })
  lat?: number;

  @ApiPropertyOptional({
    description: 'Longitude of the point to search around (WGS84)',
    example: 7.4103,
  })
  @ValidateIf((o: SearchStopsQuery) => o.lon !== undefined || o.lat !== undefined)
  @Type(() => Number)
  @IsLongitude({ message: 'must be a longitude (-180..180), given together with lat' })
  lon?: number;

  @ApiPropertyOptional({
    description: 'Only stops within this many metres of lat/lon',
    maximum: 100000,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  radiusM?: number;

  @ApiPropertyOptional({
    example: '07336',
    description:
      "Only this county's stops (its key); left out near lat/lon: the county whose service area contains the point",
  })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'must be a 5-digit county key' })
  county?: string;

  @ApiPropertyOptional({ enum: ['village', 'hub', 'rail_station', 'depot'] })
  @IsOptional()
  @IsIn(['village', 'hub', 'rail_station', 'depot'])
  kind?: 'village' | 'hub' | 'rail_station' | 'depot';

  @ApiPropertyOptional({ default: 20, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
