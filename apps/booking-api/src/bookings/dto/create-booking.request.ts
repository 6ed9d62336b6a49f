import { IsCalendarDate, IsNestedObject, IsOffsetDateTime } from '@app/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';

/** A train of the imported timetable, as GET /v1/hubs/{stopId}/departures lists it. */
export class TrainRef {
  @ApiProperty({ description: 'tripId from the departures or arrivals listing' })
  @IsString()
  @MaxLength(120)
  tripId: string;

  @ApiProperty({ example: '2026-12-01', description: 'serviceDate from the listing' })
  @IsCalendarDate()
  serviceDate: string;
}

/** The way back of a round trip, from the destination to the origin. */
export class ReturnTripRequest {
  @ApiProperty({ enum: ['depart_at', 'arrive_by'] })
  @IsIn(['depart_at', 'arrive_by'])
  timeKind: 'depart_at' | 'arrive_by';

  @ApiProperty({ example: '2026-11-23T12:30:00+01:00', description: 'ISO 8601 with offset' })
  @IsOffsetDateTime()
  time: string;
}

export class CreateBookingRequest {
  @ApiPropertyOptional({
    description: 'Only for operators booking on behalf of a rider who phoned in.',
  })
  @IsOptional()
  @IsUUID()
  riderId?: string;

  @ApiProperty({ description: 'Stop id where the rider boards.' })
  @IsString()
  fromStopId: string;

  @ApiProperty({ description: 'Stop id where the rider alights.' })
  @IsString()
  toStopId: string;

  @ApiProperty({
    enum: ['depart_at', 'arrive_by'],
    description: 'Whether `time` is the earliest pickup or the latest arrival.',
  })
  @IsIn(['depart_at', 'arrive_by'])
  timeKind: 'depart_at' | 'arrive_by';

  @ApiPropertyOptional({
    example: '2026-11-23T07:40:00+01:00',
    description:
      'ISO 8601 date-time with offset. Required unless train or trainDepartureAt is given. With train it must fit the train (arrive_by no later than its departure less the transfer buffer, depart_at no earlier than its arrival): another time for a ride that keeps its train.',
  })
  @ValidateIf(
    (o: CreateBookingRequest) =>
      (o.trainDepartureAt === undefined && o.train === undefined) || o.time !== undefined,
  )
  @IsOffsetDateTime()
  time?: string;

  @ApiPropertyOptional({
    example: '2026-11-23T08:12:00+01:00',
    description:
      "To catch a train at a station (with timeKind arrive_by): its departure. The latest arrival becomes the departure minus the service area's transfer buffer. Give this or time, not both.",
  })
  @IsOptional()
  @IsOffsetDateTime()
  trainDepartureAt?: string;

  @ApiPropertyOptional({
    type: TrainRef,
    description:
      'A train of the timetable: to a station, the ride arrives by its departure less the transfer buffer (timeKind arrive_by); from a station, the pickup window opens at its arrival (timeKind depart_at). Give this or trainDepartureAt; with time, the ride is planned by that time and stays tied to the train.',
  })
  @IsOptional()
  @IsNestedObject(() => TrainRef)
  train?: TrainRef;

  @ApiProperty({
    minimum: 1,
    example: 1,
    description: 'People travelling, wheelchair users included.',
  })
  @IsInt()
  passengers: number;

  @ApiPropertyOptional({
    minimum: 0,
    default: 0,
    description: 'How many of them travel in a wheelchair.',
  })
  @IsOptional()
  @IsInt()
  wheelchairPlaces?: number;

  @ApiPropertyOptional({
    type: ReturnTripRequest,
    description:
      'Book the way back too: planned as a second booking, linked to this one (returnBooking in the answer).',
  })
  @IsOptional()
  @IsNestedObject(() => ReturnTripRequest)
  returnTrip?: ReturnTripRequest;

  @ApiPropertyOptional({
    enum: ['auto', 'rider'],
    default: 'auto',
    description:
      '`auto`: the dispatcher confirms at once. `rider`: it holds the seat as an `offered` booking ' +
      'with the promise and `offerExpiresAt`; accept with POST /v1/bookings/{id}/accept.',
  })
  @IsOptional()
  @IsIn(['auto', 'rider'])
  confirmation?: 'auto' | 'rider';

  @ApiPropertyOptional({
    default: false,
    description:
      "Office only (a rider gets 403): book past the service area's rider booking limits " +
      "(`maxOverlappingBookingsPerRider`, `maxOpenBookingsPerRider`); noted in the booking's history.",
  })
  @IsOptional()
  @IsBoolean()
  overrideRiderLimits?: boolean;
}

export class CancelBookingRequest {
  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @Matches(/^[\s\S]{0,300}$/, { message: 'must be at most 300 characters' })
  reason?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'For a round trip: cancel the other leg too.',
  })
  @IsOptional()
  @IsBoolean()
  alsoLinked?: boolean;
}
