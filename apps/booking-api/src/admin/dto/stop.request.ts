import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';

export class CreateStopRequest {
  @ApiPropertyOptional({
    description: 'Stable external code (GTFS stop_id)',
    example: 'ags-07336055',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,40}$/, {
    message: 'must be 1-40 letters, digits, dot, dash or underscore',
  })
  code?: string;

  @ApiProperty({ example: 'Kusel, Marktplatz' })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ enum: ['village', 'hub', 'rail_station', 'depot'] })
  @IsIn(['village', 'hub', 'rail_station', 'depot'])
  kind: 'village' | 'hub' | 'rail_station' | 'depot';

  @ApiProperty({ example: 49.5376 })
  @IsLatitude()
  lat: number;

  @ApiProperty({ example: 7.4005 })
  @IsLongitude()
  lon: number;

  @ApiPropertyOptional({ example: '07336055', description: 'AGS of the village' })
  @IsOptional()
  @Matches(/^\d{8}$/, { message: 'must be an 8-digit Amtlicher Gemeindeschlüssel' })
  ags?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  wheelchairAccessible?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  isMainHub?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateStopRequest extends PartialType(CreateStopRequest) {}
