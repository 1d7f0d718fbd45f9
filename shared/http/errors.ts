/**
 * Domain errors. Feature code throws these; the shared middleware maps them to HTTP answers
 * of the shape `{ error: { code, message, fields?, requestId } }`.
 */
export interface FieldProblem {
  path: string;
  reason: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldProblem[],
    /** Extra JSON the client may use (e.g. the current item on a version conflict). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, fields?: FieldProblem[]) {
    super(400, 'BAD_REQUEST', message, fields);
  }
}

export class ValidationError extends AppError {
  constructor(fields: FieldProblem[]) {
    const first = fields[0];
    super(
      400,
      'VALIDATION_FAILED',
      first ? `Invalid input: ${first.path || '(body)'}: ${first.reason}` : 'Invalid input',
      fields,
    );
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Sign-in required') {
    super(401, 'UNAUTHORIZED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super(403, 'FORBIDDEN', message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(404, 'NOT_FOUND', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(409, 'CONFLICT', message, undefined, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limit: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `Request body is larger than ${limit} bytes`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message = 'Request body must be JSON (Content-Type: application/json)') {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', message);
  }
}

export class UnprocessableError extends AppError {
  constructor(message: string, fields?: FieldProblem[]) {
    super(422, 'UNPROCESSABLE', message, fields);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'TOO_MANY_REQUESTS', `Too many attempts. Try again in ${retryAfterSeconds} s.`, undefined, {
      retryAfterSeconds,
    });
  }
}

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    fields?: FieldProblem[];
    requestId?: string;
    [extra: string]: unknown;
  };
}

export function errorBody(err: AppError, requestId?: string): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.fields?.length ? { fields: err.fields } : {}),
      ...(err.details ?? {}),
      ...(requestId ? { requestId } : {}),
    },
  };
}
