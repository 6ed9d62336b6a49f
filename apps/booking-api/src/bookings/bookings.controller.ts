import {
  BookingLifecycleService,
  BookingQueriesService,
  BookingView,
  CreateBookingService,
} from '@app/application';
import { CurrentPrincipal, Roles } from '@app/auth';
import { isOffice, Principal } from '@app/domain';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  BadRequestException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CancelBookingRequest, CreateBookingRequest } from './dto/create-booking.request';
import { ListBookingsQuery } from './dto/list-bookings.query';
import { Audited } from '../audit/audited.decorator';

@ApiTags('bookings')
@ApiBearerAuth()
@Controller({ path: 'bookings', version: '1' })
export class BookingsController {
  constructor(
    private readonly create: CreateBookingService,
    private readonly queries: BookingQueriesService,
    private readonly lifecycle: BookingLifecycleService,
  ) {}

  @Audited({ entity: 'booking', verb: 'create' })
  @Post()
  @Roles('rider', 'operator')
  @ApiOperation({
    summary: 'Book a ride (a rider for themselves, the office on behalf of a caller)',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Same key and body: same booking. Same key, other body: 409.',
  })
  @ApiResponse({
    status: 201,
    description: 'Stored as requested (or already decided by the dispatcher).',
  })
  @ApiResponse({
    status: 422,
    description: 'A business rule is broken; `errors` names each field and reason.',
  })
  async book(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateBookingRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BookingView & { returnBooking?: BookingView }> {
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,128}$/.test(idempotencyKey)) {
      throw new BadRequestException({
        code: 'validation_failed',
        message: 'Idempotency-Key: must be 1 to 128 visible ASCII characters',
        errors: [{ field: 'Idempotency-Key', reason: 'must be 1 to 128 visible ASCII characters' }],
      });
    }
    if (isOffice(principal) && !body.riderId) {
      throw new BadRequestException({
        code: 'validation_failed',
        message: 'riderId: is required when the office books on behalf of a rider',
        errors: [
          { field: 'riderId', reason: 'is required when the office books on behalf of a rider' },
        ],
      });
    }
    // A train may come with an explicit time that fits it (checked by the service).
    if (body.train !== undefined && body.trainDepartureAt !== undefined) {
      throw new BadRequestException({
        code: 'validation_failed',
        message: 'train: give either train or trainDepartureAt, not both',
        errors: [{ field: 'train', reason: 'give either train or trainDepartureAt, not both' }],
      });
    }
    if (body.time !== undefined && body.trainDepartureAt !== undefined) {
      throw new BadRequestException({
        code: 'validation_failed',
        message: 'trainDepartureAt: give either time or trainDepartureAt, not both',
        errors: [
          { field: 'trainDepartureAt', reason: 'give either time or trainDepartureAt, not both' },
        ],
      });
    }
    const trainDeparture = body.trainDepartureAt ? new Date(body.trainDepartureAt) : undefined;
    const result = await this.create.execute(principal, {
      riderId: principal.role === 'rider' ? (body.riderId ?? principal.sub) : body.riderId!,
      fromStopId: body.fromStopId,
      toStopId: body.toStopId,
      timeKind: body.timeKind,
      // With a train, the service sets the time from the timetable.
      time: trainDeparture ?? (body.time !== undefined ? new Date(body.time) : new Date(NaN)),
      trainDeparture,
      train: body.train
        ? { tripId: body.train.tripId, serviceDate: body.train.serviceDate }
        : undefined,
      returnTrip: body.returnTrip
        ? { timeKind: body.returnTrip.timeKind, time: new Date(body.returnTrip.time) }
        : undefined,
      passengers: body.passengers,
      wheelchairPlaces: body.wheelchairPlaces ?? 0,
      idempotencyKey,
      confirmation: body.confirmation ?? 'auto',
      overrideRiderLimits: body.overrideRiderLimits ?? false,
    });
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('Location', `/v1/bookings/${result.booking.id}`);
    return result.returnBooking
      ? { ...result.booking, returnBooking: result.returnBooking }
      : result.booking;
  }

  @Get()
  @ApiOperation({ summary: 'List bookings: a rider their own, the office any in its county' })
  async list(@CurrentPrincipal() principal: Principal, @Query() q: ListBookingsQuery) {
    return this.queries.list(principal, {
      riderId: q.riderId,
      status: q.status,
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read one booking (404 for bookings that are not yours)' })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<BookingView> {
    return this.queries.get(principal, id);
  }

  @Audited({ entity: 'booking', verb: 'accept' })
  @Post(':id/accept')
  @HttpCode(200)
  @Roles('rider', 'operator')
  @ApiOperation({
    summary: 'Accept an offer (status `offered`) before it expires: it is confirmed',
  })
  @ApiResponse({ status: 409, description: 'Not an open offer (expired, cancelled, confirmed).' })
  accept(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<BookingView> {
    return this.lifecycle.accept(principal, id);
  }

  @Audited({ entity: 'booking', verb: 'cancel' })
  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('rider', 'operator')
  @ApiOperation({ summary: 'Cancel a booking that has not started' })
  cancel(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: CancelBookingRequest,
  ): Promise<BookingView> {
    return this.lifecycle.cancel(principal, id, body.reason, { alsoLinked: body.alsoLinked });
  }
}
