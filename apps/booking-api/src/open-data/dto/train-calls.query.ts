import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';

export class TrainCallsQuery {
  @ApiProperty({
    description: 'Start of the window (ISO 8601 with offset)',
    example: '2026-12-01T06:00:00+01:00',
  })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'must be an ISO 8601 date-time' })
  from: string;

  @ApiProperty({
    description: 'End of the window (ISO 8601 with offset), at most 48 h after from',
    example: '2026-12-01T10:00:00+01:00',
  })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'must be an ISO 8601 date-time' })
  to: string;
}
