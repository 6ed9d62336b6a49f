export * from './entities';
export * from './data-source';
export * from './migrate';
export * from './snake-naming.strategy';
export * from './persistence.module';
export { MIGRATIONS } from './migrations';
export * from './repositories/vehicle-schedules.repository';
export * from './repositories/driver-shifts.repository';
export * from './repositories/update-each';
