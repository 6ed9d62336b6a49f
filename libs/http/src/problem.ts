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

/** The reason phrase of each status code the API answers with. */
export const HTTP_REASON: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
