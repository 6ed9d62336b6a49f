import { BOOKING_STATUSES, BookingStatus } from '@app/domain';
import { PageQuery } from '@app/http';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

export class ListBookingsQuery extends PageQuery {
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
}
