import { Code, ConnectError } from "@connectrpc/connect";
import { type ErrorCode, HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";

const toCode: Readonly<Record<ErrorCode, Code>> = {
  invalid_argument: Code.InvalidArgument,
  not_found: Code.NotFound,
  already_exists: Code.AlreadyExists,
  // gRPC's guidance: ABORTED for concurrency conflicts such as a failed compare-and-set.
  conflict: Code.Aborted,
  permission_denied: Code.PermissionDenied,
  unauthenticated: Code.Unauthenticated,
  resource_exhausted: Code.ResourceExhausted,
  failed_precondition: Code.FailedPrecondition,
  unavailable: Code.Unavailable,
  deadline_exceeded: Code.DeadlineExceeded,
  internal: Code.Internal,
};

const fromCode: Readonly<Record<Code, ErrorCode>> = {
  [Code.Canceled]: "unavailable",
  [Code.Unknown]: "internal",
  [Code.InvalidArgument]: "invalid_argument",
  [Code.DeadlineExceeded]: "deadline_exceeded",
  [Code.NotFound]: "not_found",
  [Code.AlreadyExists]: "already_exists",
  [Code.PermissionDenied]: "permission_denied",
  [Code.ResourceExhausted]: "resource_exhausted",
  [Code.FailedPrecondition]: "failed_precondition",
  [Code.Aborted]: "conflict",
  [Code.OutOfRange]: "invalid_argument",
  // A method the core does not implement yet: the service is not available for that call.
  [Code.Unimplemented]: "unavailable",
  [Code.Internal]: "internal",
  [Code.Unavailable]: "unavailable",
  [Code.DataLoss]: "internal",
  [Code.Unauthenticated]: "unauthenticated",
};

/** The message clients see in place of an unexpected error's own. */
export const hiddenInternalMessage = "internal error";

/** The Connect code a HoloError code travels as. */
export function connectCodeFor(code: ErrorCode): Code {
  return toCode[code];
}

/** The HoloError code a Connect code is read back as. */
export function holoCodeFor(code: Code): ErrorCode {
  return fromCode[code];
}

/**
 * Core side: the ConnectError to send for anything a handler threw. A HoloError keeps its code and message;
 * a ConnectError passes through; anything else becomes Internal with its message hidden and the cause logged.
 */
export function toConnectError(error: unknown, log: Logger, procedure = "rpc"): ConnectError {
  if (error instanceof ConnectError) return error;
  if (error instanceof HoloError) {
    if (error.code === "internal") log.error(`${procedure} failed`, error.cause ?? error);
    return new ConnectError(error.message, toCode[error.code], undefined, undefined, error);
  }
  log.error(`${procedure} failed with an unexpected error`, error instanceof Error ? error : String(error));
  return new ConnectError(hiddenInternalMessage, Code.Internal, undefined, undefined, error);
}

/** Gateway side: a HoloError for anything a call threw, with the code read back from the Connect code. */
export function fromConnectError(error: unknown): HoloError {
  if (error instanceof HoloError) return error;
  const connect = ConnectError.from(error);
  return new HoloError(fromCode[connect.code], connect.rawMessage, { cause: error });
}
