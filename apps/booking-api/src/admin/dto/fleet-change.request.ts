import { IsOffsetDateTime } from '@app/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class ChangeShiftRequest {
  @ApiPropertyOptional({ example: '2026-11-23T05:30:00+01:00' })
  @IsOptional()
  @IsOffsetDateTime()
  startsAt?: string;

  @ApiPropertyOptional({ example: '2026-11-23T15:00:00+01:00' })
  @IsOptional()
  @IsOffsetDateTime()
  endsAt?: string;
}

export class BreakdownRequest {
  @ApiPropertyOptional({ example: 'Reifenpanne bei Rammelsbach' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  note?: string;
}

export class MoveAtRiskRequest {
  @ApiProperty({
    description: 'The vehicle that should carry the ride; its promise must hold there',
  })
  @IsUUID()
  vehicleId: string;
}

export class CancelAtRiskRequest {
  @ApiProperty({
    example: 'Wegen eines Fahrzeugausfalls können wir Sie leider nicht abholen.',
    description: 'Sent to the rider with the cancellation',
  })
  @IsString()
  @Length(1, 300)
  message: string;
}
