import { HoloError } from "#shared/errors/holo-error.ts";
import { isProcessAlive } from "#shared/process/process-alive.ts";
import { assertSocketPathFits } from "./socket-path.ts";

/** Per-call options of a control request. */
export interface ControlRequestOptions {
  readonly method?: "GET" | "POST";
  /** How long to wait for an answer; 2000 ms by default. */
  readonly timeoutMs?: number;
  /** Aborting rejects the request with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** What came back from a control socket. */
export type ControlResponse =
  /** A process answered; `json` is the parsed body when it was JSON, else undefined. */
  | { readonly kind: "answered"; readonly status: number; readonly text: string; readonly json: unknown }
  /** No process: the socket file is missing, or it is stale and nobody accepts on it. */
  | { readonly kind: "not_running"; readonly reason: "no_socket" | "refused"; readonly socketPath: string }
  /** Something accepted the connection but did not answer in time (hung or stopped process). */
  | { readonly kind: "unresponsive"; readonly timeoutMs: number; readonly socketPath: string };

/** Sends one HTTP request over the control socket at `socketPath`. */
export async function controlRequest(
  socketPath: string,
  path: string,
  options: ControlRequestOptions = {},
): Promise<ControlResponse> {
  assertSocketPathFits(socketPath);
  const timeoutMs = options.timeoutMs ?? 2000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await fetch(`http://localhost${path}`, {
      unix: socketPath,
      method: options.method ?? "GET",
      signal,
      keepalive: false,
    });
    const text = await response.text();
    const isJson = response.headers.get("content-type")?.startsWith("application/json") ?? false;
    return { kind: "answered", status: response.status, text, json: isJson ? parseJson(text) : undefined };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) return { kind: "unresponsive", timeoutMs, socketPath };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { kind: "not_running", reason: "no_socket", socketPath };
    if (code === "ECONNREFUSED") return { kind: "not_running", reason: "refused", socketPath };
    if (code === "EACCES" || code === "EPERM") {
      throw new HoloError("permission_denied", `No permission to use the control socket ${socketPath}.`);
    }
    throw new HoloError(
      "unavailable",
      `The control socket ${socketPath} failed (${code ?? String(error)}).`,
      {
        cause: error,
      },
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Options for waiting on a starting process. */
export interface WaitForReadyOptions {
  readonly timeoutMs: number;
  /** Polled between attempts; when it turns false the wait ends with "exited". */
  readonly isAlive: () => boolean;
  readonly signal?: AbortSignal;
  /** Pause between attempts; 25 ms by default. */
  readonly intervalMs?: number;
}

/** How a wait for readiness ended. */
export type WaitForReadyResult =
  | { readonly kind: "ready"; readonly detail: unknown }
  | { readonly kind: "exited" }
  | { readonly kind: "timed_out"; readonly last: ControlResponse | undefined };

/**
 * Polls GET /ready until it answers 200, the process dies, or the time runs out. Polling is
 * deliberate here: we wait on another process, which cannot notify us.
 */
export async function waitForReady(
  socketPath: string,
  options: WaitForReadyOptions,
): Promise<WaitForReadyResult> {
  const deadline = performance.now() + options.timeoutMs;
  let last: ControlResponse | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    if (!options.isAlive()) return { kind: "exited" };
    const remaining = deadline - performance.now();
    if (remaining <= 0) return { kind: "timed_out", last };
    const requestOptions = { timeoutMs: Math.max(1, Math.min(remaining, 1000)) };
    last = await controlRequest(
      socketPath,
      "/ready",
      options.signal ? { ...requestOptions, signal: options.signal } : requestOptions,
    );
    if (last.kind === "answered" && last.status === 200) return { kind: "ready", detail: last.json };
    await delay(options.intervalMs ?? 25, options.signal);
  }
}

/** Options for waiting on a process to exit. */
export interface WaitForExitOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Pause between checks; 25 ms by default. */
  readonly intervalMs?: number;
}

/** Polls until `pid` is gone; true when it exited, false when the time ran out. */
export async function waitForExit(pid: number, options: WaitForExitOptions): Promise<boolean> {
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    if (!isProcessAlive(pid)) return true;
    if (performance.now() >= deadline) return false;
    await delay(options.intervalMs ?? 25, options.signal);
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
