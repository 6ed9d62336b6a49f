import { BOOKING_STATUSES, BookingStatus } from '@app/domain';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class ListBookingsQuery {
  @ApiPropertyOptional({ description: 'Comma-separated statuses', example: 'requested,confirmed' })
  @IsOptional()
  @Transform(({ value }) =>
    typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value,
  )
  @IsIn(BOOKING_STATUSES as unknown as string[], { each: true })
  status?: BookingStatus[];

  @ApiPropertyOptional({ description: 'Operators only: one rider' })
  @IsOptional()
  @IsUUID()
  riderId?: string;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ default: 0, maximum: 1_000_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  // A deeper page than any county's bookings; past bigint it once answered 500.
  @Max(1_000_000)
  offset?: number;
}
