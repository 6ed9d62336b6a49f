import { IsAfter, IsOffsetDateTime } from '@app/http';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';

export class CreateVehicleRequest {
  @ApiProperty({ example: 'KUS-11' })
  @Matches(/^[A-Za-z0-9 ._-]{1,32}$/, {
    message: 'must be 1-32 letters, digits, space, dot, dash or underscore',
  })
  callSign: string;

  @ApiPropertyOptional({ example: 'KUS-RP 111' })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  licensePlate?: string;

  @ApiProperty({ example: 8, description: 'Passenger seats' })
  @IsInt()
  @Min(1)
  @Max(60)
  seats: number;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(0)
  @Max(8)
  wheelchairPlaces: number;

  @ApiProperty({ description: 'Stop id of the depot where shifts start and end' })
  @IsString()
  homeDepotStopId: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateVehicleRequest extends PartialType(CreateVehicleRequest) {}

export class CreateDriverRequest {
  @ApiProperty({ example: 'Erika Muster' })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiPropertyOptional({ example: '+49 6381 000000' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()/-]{3,32}$/, { message: 'must be a phone number' })
  phone?: string;
}

export class CreateShiftRequest {
  @ApiProperty()
  @IsUUID()
  vehicleId: string;

  @ApiProperty()
  @IsUUID()
  driverId: string;

  @ApiProperty({ example: '2026-11-23T05:30:00+01:00' })
  @IsOffsetDateTime()
  startsAt: string;

  @ApiProperty({ example: '2026-11-23T14:00:00+01:00' })
  @IsOffsetDateTime()
  endsAt: string;
}

export class ListShiftsQuery {
  @ApiProperty({ example: '2026-11-23T00:00:00+01:00' })
  @IsOffsetDateTime()
  from: string;

  @ApiProperty({ example: '2026-11-24T00:00:00+01:00', description: 'After from' })
  @IsOffsetDateTime()
  @IsAfter('from')
  to: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  vehicleId?: string;
}
