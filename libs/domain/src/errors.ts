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

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
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
