import { AuditEntryEntity } from './audit-entry.entity';
import { BookingEventEntity } from './booking-event.entity';
import { BookingEntity } from './booking.entity';
import { CountyEntity } from './county.entity';
import { DriverEntity } from './driver.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { OperatorAccountEntity } from './operator-account.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { RiderEntity } from './rider.entity';
import { RiderMessageEntity } from './rider-message.entity';
import { ShiftRosterEntryEntity, ShiftRosterExceptionEntity } from './shift-roster.entity';
import { ServiceAreaEntity } from './service-area.entity';
import { ShiftEntity } from './shift.entity';
import { StopEntity } from './stop.entity';
import { VehicleScheduleEntity } from './vehicle-schedule.entity';
import { VehicleTrackPointEntity } from './vehicle-track-point.entity';
import { VehicleEntity } from './vehicle.entity';
import { TrainReportEntity } from './train-report.entity';
import {
  TimetableFeedEntity,
  TimetableServiceEntity,
  TimetableServiceExceptionEntity,
  TimetableStationEntity,
  TimetableStopTimeEntity,
  TimetableTripEntity,
} from './timetable.entity';

export {
  AuditEntryEntity,
  BookingEventEntity,
  BookingEntity,
  CountyEntity,
  DriverEntity,
  IdempotencyKeyEntity,
  OperatorAccountEntity,
  RefreshTokenEntity,
  RiderEntity,
  RiderMessageEntity,
  ShiftRosterEntryEntity,
  ShiftRosterExceptionEntity,
  ServiceAreaEntity,
  ShiftEntity,
  StopEntity,
  VehicleScheduleEntity,
  VehicleEntity,
  VehicleTrackPointEntity,
  TimetableFeedEntity,
  TimetableServiceEntity,
  TimetableServiceExceptionEntity,
  TimetableStationEntity,
  TimetableStopTimeEntity,
  TimetableTripEntity,
  TrainReportEntity,
};
export type { ServiceAreaStatus } from './service-area.entity';
export type { StopKind } from './stop.entity';
export type { RiderNeed } from './rider.entity';
export type {
  RiderMessageChannel,
  RiderMessageKind,
  RiderMessageStatus,
} from './rider-message.entity';
export { RIDER_NEEDS } from './rider.entity';
export type { BookingChannel, BookingConfirmation } from './booking.entity';
export type { ScheduledStopRecord } from './vehicle-schedule.entity';
export type { OfficeRole } from './operator-account.entity';

export const ENTITIES = [
  CountyEntity,
  ServiceAreaEntity,
  StopEntity,
  VehicleEntity,
  DriverEntity,
  ShiftEntity,
  RiderEntity,
  BookingEntity,
  BookingEventEntity,
  IdempotencyKeyEntity,
  VehicleScheduleEntity,
  VehicleTrackPointEntity,
  TimetableFeedEntity,
  TimetableServiceEntity,
  TimetableServiceExceptionEntity,
  TimetableStationEntity,
  TimetableStopTimeEntity,
  TimetableTripEntity,
  RefreshTokenEntity,
  OperatorAccountEntity,
  AuditEntryEntity,
  RiderMessageEntity,
  ShiftRosterEntryEntity,
  ShiftRosterExceptionEntity,
  TrainReportEntity,
];
