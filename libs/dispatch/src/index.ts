export * from './model/dispatch.types';
export * from './model/seeded-rng';
export * from './model/service-area.rules';
export * from './model/time-origin';
export { checkSolution, type CheckOptions, type CheckResult } from './checker/solution-checker';
export {
  parseCordeau,
  routesFromNodeIds,
  routesToNodeIds,
  type CordeauInstance,
} from './benchmark/cordeau-format';
export { solveDarp, improveSchedules, type DarpSolution } from './lns/solve-darp';
export type { LnsOptions, LnsStats } from './lns/lns-solver';
export type { SetPartitioner, SetPartitioningModel } from './pool/set-partitioning.port';
export { createHighsSetPartitioner } from './pool/highs-set-partitioner';
export * from './online/offer.types';
export { offerRide, type OfferOptions } from './online/offer-ride';
export { confirmPromise, plansWithOffer } from './online/promise';
export { checkFeasibleSchedule } from './online/schedule-check';
export * from './policy/ride-request.policy';
export * from './policy/planning-cadence';
export * from './policy/decide-ride';
export * from './policy/late-vehicles';
export * from './policy/planning-objective';
export * from './policy/nearest-feasible-times';
