import { RIDER_LIMIT_BOUNDS, type OperatingHours } from '@app/domain';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { MultiPolygon, Polygon } from 'geojson';

export class CreateServiceAreaRequest {
  @ApiProperty({ example: 'Landkreis Kusel' })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiPropertyOptional({ enum: ['active', 'draft'], default: 'draft' })
  @IsOptional()
  @IsIn(['active', 'draft'])
  status?: 'active' | 'draft';

  @ApiProperty({ description: 'GeoJSON Polygon or MultiPolygon, positions [lon, lat]' })
  @IsObject()
  geometry: Polygon | MultiPolygon;

  @ApiPropertyOptional({ default: 'Europe/Berlin' })
  @IsOptional()
  @IsString()
  timeZone?: string;

  @ApiProperty({
    example: { mon: [{ start: '05:00', end: '23:00' }] },
    description: 'Local opening intervals per weekday',
  })
  @IsObject()
  operatingHours: OperatingHours;

  @ApiPropertyOptional({ default: 14, description: 'How many days ahead riders may book' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(90)
  bookingHorizonDays?: number;

  @ApiPropertyOptional({ default: 30, description: 'Minimum notice, minutes' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1440)
  minNoticeMin?: number;

  @ApiPropertyOptional({
    default: 15,
    description: 'Length of the promised pickup window, minutes',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  pickupWindowMin?: number;

  @ApiPropertyOptional({
    default: 1.5,
    description: 'Maximum ride time = factor x direct ride + extra minutes',
  })
  @IsOptional()
  @IsNumber()
  @Min(1)
  @Max(5)
  maxRideFactor?: number;

  @ApiPropertyOptional({ default: 10 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  maxRideExtraMin?: number;

  @ApiPropertyOptional({
    default: 5,
    description: 'Minutes between arrival at a hub and the train',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  transferBufferMin?: number;

  @ApiPropertyOptional({ default: 6 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  maxPassengersPerBooking?: number;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(4)
  maxWheelchairPlacesPerBooking?: number;

  @ApiPropertyOptional({
    default: 1,
    description:
      'How many open bookings of one rider may overlap in time (1: one ride at a time; a companion travels on the same booking). The two legs of a round trip never overlap.',
  })
  @IsOptional()
  @IsInt()
  @Min(RIDER_LIMIT_BOUNDS.maxOverlappingBookingsPerRider.min)
  @Max(RIDER_LIMIT_BOUNDS.maxOverlappingBookingsPerRider.max)
  maxOverlappingBookingsPerRider?: number;

  @ApiPropertyOptional({
    default: 20,
    description: 'How many open (not yet finished) bookings one rider may hold at once',
  })
  @IsOptional()
  @IsInt()
  @Min(RIDER_LIMIT_BOUNDS.maxOpenBookingsPerRider.min)
  @Max(RIDER_LIMIT_BOUNDS.maxOpenBookingsPerRider.max)
  maxOpenBookingsPerRider?: number;

  @ApiPropertyOptional({
    example: '06381 424-0',
    description:
      'The transport office number riders call to book by phone (shown when a number cannot get an SMS); stored in E.164. null removes it.',
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  bookingPhone?: string | null;
}

export class UpdateServiceAreaRequest extends PartialType(CreateServiceAreaRequest) {}
