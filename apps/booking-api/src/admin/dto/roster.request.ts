import { WEEKDAYS, Weekday } from '@app/domain';
import { IsCalendarDate } from '@app/http';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches, ValidateIf } from 'class-validator';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class CreateRosterEntryRequest {
  @ApiProperty()
  @IsUUID()
  vehicleId: string;

  @ApiProperty()
  @IsUUID()
  driverId: string;

  @ApiProperty({ enum: WEEKDAYS, example: 'mon' })
  @IsIn(WEEKDAYS as unknown as string[])
  weekday: Weekday;

  @ApiProperty({ example: '05:00', description: 'Local time HH:MM' })
  @Matches(HHMM, { message: 'must be HH:MM' })
  start: string;

  @ApiProperty({ example: '14:00', description: 'Local time HH:MM, after start' })
  @Matches(HHMM, { message: 'must be HH:MM' })
  end: string;

  @ApiProperty({ example: '2026-12-01', description: 'First service date (local), inclusive' })
  @IsCalendarDate()
  validFrom: string;

  @ApiPropertyOptional({ example: '2027-03-31', description: 'Last service date, inclusive' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsCalendarDate()
  validTo?: string | null;
}

export class UpdateRosterEntryRequest extends PartialType(CreateRosterEntryRequest) {}

export class RosterExceptionRequest {
  @ApiProperty({ example: '2026-12-24', description: 'The service date (local)' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ enum: ['cancel', 'change'] })
  @IsIn(['cancel', 'change'])
  kind: 'cancel' | 'change';

  @ApiPropertyOptional({ example: '06:00' })
  @IsOptional()
  @Matches(HHMM, { message: 'must be HH:MM' })
  start?: string;

  @ApiPropertyOptional({ example: '12:00' })
  @IsOptional()
  @Matches(HHMM, { message: 'must be HH:MM' })
  end?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  driverId?: string;
}
