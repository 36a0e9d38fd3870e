// Typed domain errors. Domain functions throw these; routes map them to a status.
export class DomainError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 | 410 | 422 | 429,
    /** Field name → message, for errors that belong to one form field. */
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** A rate limit's refusal on a form (429): its message goes on the form, `retryAfter` (seconds) in the reply's Retry-After. */
export class TooManyAttempts extends DomainError {
  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super(message, 429);
    this.name = "TooManyAttempts";
  }
}

export const notFound = (what = "Not found") => new DomainError(what, 404);
export const forbidden = (why = "You are not allowed to do that.") => new DomainError(why, 403);
export const conflict = (why: string, fieldErrors?: Record<string, string[]>) => new DomainError(why, 409, fieldErrors);
export const invalid = (why: string, fieldErrors?: Record<string, string[]>) => new DomainError(why, 400, fieldErrors);

/** For loaders: turn a DomainError into a thrown Response the error boundary renders. */
export function toResponse(error: unknown): never {
  if (error instanceof DomainError) {
    throw new Response(error.message, { status: error.status });
  }
  throw error;
}
