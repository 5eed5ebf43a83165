import type { Logger } from "../log/logger.ts";
import type { MetricsRegistry } from "../metrics/metrics-registry.ts";
import type { Clock } from "../util/clock.ts";

/** What a started core or gateway offers the process around it (control socket, signals, CLI status). */
export interface RunningService extends AsyncDisposable {
  /** True once every listener is up and the service can do its job. */
  ready(): boolean;
  /** Health detail; `ok: false` turns /health into a 503. */
  health(): { readonly ok: boolean; readonly detail?: Record<string, unknown> };
  /** Service-specific fields for /status: listen addresses, link state, counts. */
  status(): Record<string, unknown>;
  /** Reloads without a restart (the core's plugins), answering POST /reload; absent when nothing reloads. */
  reload?(): Promise<Record<string, unknown>>;
  /** Stops accepting, drains and flushes; resolves when everything is closed. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** What the composition roots (core/main.ts, gateway/main.ts) receive from the process around them. */
export interface ServiceDeps {
  readonly log: Logger;
  readonly clock: Clock;
  readonly metrics: MetricsRegistry;
  /** Aborted when the process is asked to stop. */
  readonly signal: AbortSignal;
  /** Asks the process to stop gracefully; with `restart`, to start the service again afterwards. */
  readonly requestStop?: (restart: boolean) => void;
}
