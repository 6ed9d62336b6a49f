/** The JSON error body every HTTP endpoint returns. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  /** Stable machine-readable code, e.g. `validation_failed`, `not_found`, `idempotency_key_reused`. */
  code: string;
  message: string;
  /** One entry per offending field, when the problem is with the input. */
  errors?: Array<{ field: string; reason: string; code?: string }>;
}
