import type { Interceptor } from "@connectrpc/connect";
import type { Logger } from "#shared/log/logger.ts";
import { toConnectError } from "#shared/rpc/error-codes.ts";

/**
 * Server interceptor that sends every handler error through toConnectError, for unary calls and for errors
 * raised while a response stream runs, so an unexpected error never leaks its message to the gateway.
 */
export function errorInterceptor(log: Logger): Interceptor {
  return (next) => async (req) => {
    const procedure = req.method.name;
    try {
      const res = await next(req);
      if (!res.stream) return res;
      return { ...res, message: mapStreamErrors(res.message, req.signal, log, procedure) };
    } catch (error) {
      throw mapped(error, req.signal, log, procedure);
    }
  };
}

async function* mapStreamErrors<T>(
  messages: AsyncIterable<T>,
  signal: AbortSignal,
  log: Logger,
  procedure: string,
): AsyncIterable<T> {
  try {
    yield* messages;
  } catch (error) {
    throw mapped(error, signal, log, procedure);
  }
}

function mapped(error: unknown, signal: AbortSignal, log: Logger, procedure: string): unknown {
  // A call the client abandoned has no one to report to: keep its reason, log nothing.
  if (signal.aborted && error === signal.reason) return error;
  return toConnectError(error, log, procedure);
}
