/** The closed set of error codes every HoloMUSH module speaks. */
export const errorCodes = [
  "invalid_argument",
  "not_found",
  "already_exists",
  "conflict",
  "permission_denied",
  "unauthenticated",
  "resource_exhausted",
  "failed_precondition",
  "unavailable",
  "deadline_exceeded",
  "internal",
] as const;

/** One of the closed set of error codes. */
export type ErrorCode = (typeof errorCodes)[number];

/** The one error type: a code from the closed set, and a message fit to show a user. */
export class HoloError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "HoloError";
    this.code = code;
  }
}

/** True when `error` is a HoloError, optionally with the given code. */
export function isHoloError(error: unknown, code?: ErrorCode): error is HoloError {
  return error instanceof HoloError && (code === undefined || error.code === code);
}

/** A one-line description of any thrown value, for logs and CLI errors. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
