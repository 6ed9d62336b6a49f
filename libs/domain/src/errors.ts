/**
 * Domain errors are values the apps map to transport errors (HTTP status, websocket error)
 * in one exception filter per app; the domain never knows about HTTP.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** How many characters of a client's value an error message repeats. */
export const ECHO_MAX_CHARS = 40;

/**
 * A client's value as an error message repeats it: at most {@link ECHO_MAX_CHARS} characters,
 * a longer one cut with an ellipsis. The message names the field and the reason; the client
 * has its own value, and a 100 kB one must not come back in every answer and log line.
 */
export function echo(value: unknown): string {
  const s = String(value);
  if (s.length <= ECHO_MAX_CHARS) return s;
  // Not half a surrogate pair at the cut.
  const cut = /[\uD800-\uDBFF]/.test(s[ECHO_MAX_CHARS - 1]) ? ECHO_MAX_CHARS - 1 : ECHO_MAX_CHARS;
  return `${s.slice(0, cut)}…`;
}

export interface FieldProblem {
  /** Path of the offending field in the request body, e.g. `toStopId` or `operatingHours.mon[0].start`. */
  field: string;
  /** Plain-language reason, in English; clients may translate by `code`. */
  reason: string;
  /** Stable machine-readable code, e.g. `same_stop`, `outside_operating_hours`. */
  code: string;
}

/** The request is well-formed but breaks a business rule. */
export class RuleViolationError extends DomainError {
  readonly code = 'rule_violation';
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.reason}`).join('; '));
  }
}

/**
 * The request is malformed in a way only the service can tell, e.g. a span whose default end
 * (taken from the clock) comes before the start given: the same 400 as the request's own
 * validation (`validation_failed`), each problem naming its field.
 */
export class InvalidInputError extends DomainError {
  readonly code = 'validation_failed';
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.reason}`).join('; '));
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${echo(id)} not found`);
  }
}

export class ConflictError extends DomainError {
  readonly code: string;
  constructor(message: string, code = 'conflict') {
    super(message);
    this.code = code;
  }
}

export class IllegalStatusTransitionError extends DomainError {
  readonly code = 'illegal_status_transition';
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`a booking that is ${from} cannot become ${to}`);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}
