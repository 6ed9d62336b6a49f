/**
 * Error codes of the OSRM v5 HTTP API (https://project-osrm.org/docs/v5.24.0/api/#responses),
 * plus `Unavailable` for transport failures after all retries and `InvalidResponse` for replies
 * that do not have the documented shape.
 */
export type RoutingErrorCode =
  | 'InvalidUrl'
  | 'InvalidService'
  | 'InvalidVersion'
  | 'InvalidOptions'
  | 'InvalidQuery'
  | 'InvalidValue'
  | 'NoSegment'
  | 'TooBig'
  | 'NoRoute'
  | 'NoTable'
  | 'NoMatch'
  | 'NoTrips'
  | 'NotImplemented'
  | 'Unavailable'
  | 'InvalidResponse';

const KNOWN_CODES: ReadonlySet<string> = new Set<RoutingErrorCode>([
  'InvalidUrl',
  'InvalidService',
  'InvalidVersion',
  'InvalidOptions',
  'InvalidQuery',
  'InvalidValue',
  'NoSegment',
  'TooBig',
  'NoRoute',
  'NoTable',
  'NoMatch',
  'NoTrips',
  'NotImplemented',
  'Unavailable',
  'InvalidResponse',
]);

export function isRoutingErrorCode(code: unknown): code is RoutingErrorCode {
  return typeof code === 'string' && KNOWN_CODES.has(code);
}

/** A routing failure with an OSRM-style code; both adapters throw only this. */
export class RoutingError extends Error {
  constructor(
    readonly code: RoutingErrorCode,
    message: string,
    /** HTTP status of the routing server's reply, when there was one. */
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'RoutingError';
  }
}

/** Codes by which the routing server says the input is wrong (no road there), not that it is away. */
const DATA_CODES: ReadonlySet<RoutingErrorCode> = new Set<RoutingErrorCode>([
  'NoSegment',
  'NoRoute',
  'InvalidQuery',
  'InvalidValue',
  'TooBig',
]);

/** Whether a routing failure is the data's fault: retrying the same question cannot help. */
export function isRoutingDataError(e: unknown): e is RoutingError {
  return e instanceof RoutingError && DATA_CODES.has(e.code);
}
