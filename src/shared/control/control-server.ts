import { chmod, lstat, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { ensurePrivateDir } from "#shared/process/private-dir.ts";
import { controlRequest } from "./control-client.ts";
import { type ControlHandlers, createControlRoutes } from "./control-routes.ts";
import { assertSocketPathFits } from "./socket-path.ts";

/** What the control server is started with. */
export interface ControlServerOptions {
  readonly socketPath: string;
  readonly service: string;
  readonly handlers: ControlHandlers;
  readonly log: Logger;
  /** How long to wait for an existing socket's owner to answer; 1000 ms by default. */
  readonly probeTimeoutMs?: number;
}

/** A running control server; closing it removes the socket file. */
export interface ControlServer extends AsyncDisposable {
  readonly socketPath: string;
  close(): Promise<void>;
}

/**
 * Serves the control endpoints over HTTP on a Unix socket (mode 0600, in a 0700 directory).
 * A stale socket is replaced; a live one makes this fail with failed_precondition naming its pid.
 */
export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const { socketPath, log } = options;
  assertSocketPathFits(socketPath);
  await ensurePrivateDir(dirname(socketPath));
  await clearStaleSocket(options);
  const routes = createControlRoutes({ service: options.service, handlers: options.handlers, log });
  let server: ReturnType<typeof Bun.serve>;
  try {
    server = Bun.serve({ unix: socketPath, fetch: routes.fetch, error: routes.error });
  } catch (error) {
    // Another instance bound between our probe and our bind.
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") await clearStaleSocket(options, false);
    throw new HoloError("unavailable", `Cannot bind the control socket ${socketPath}.`, { cause: error });
  }
  await chmod(socketPath, 0o600);
  const { ino } = await stat(socketPath);
  log.info("control socket listening", { socketPath });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // Graceful: requests in flight (a /shutdown reply included) finish first.
      await server.stop();
      const after = await stat(socketPath).catch(() => undefined);
      if (after?.ino === ino) await rm(socketPath, { force: true });
    })();
    return closing;
  };
  return { socketPath, close, [Symbol.asyncDispose]: close };
}

/** Unlinks a socket nobody answers on; throws when a live process owns it or it is not a socket. */
async function clearStaleSocket(options: ControlServerOptions, unlinkStale = true): Promise<void> {
  const { socketPath, service } = options;
  const info = await lstat(socketPath).catch(() => undefined);
  if (!info) return;
  if (!info.isSocket()) {
    throw new HoloError(
      "failed_precondition",
      `${socketPath} exists and is not a socket; remove it and retry.`,
    );
  }
  const timeoutMs = options.probeTimeoutMs ?? 1000;
  const probe = await controlRequest(socketPath, "/status", { timeoutMs });
  switch (probe.kind) {
    case "not_running":
      if (!unlinkStale) return;
      await rm(socketPath, { force: true });
      options.log.info("removed a stale control socket", { socketPath });
      return;
    case "answered": {
      const pid = (probe.json as { pid?: unknown } | undefined)?.pid;
      const who = typeof pid === "number" ? `pid ${pid}` : "pid unknown";
      throw new HoloError(
        "failed_precondition",
        `${service} is already running (${who}); its control socket is ${socketPath}`,
      );
    }
    case "unresponsive":
      throw new HoloError(
        "failed_precondition",
        `${service} may already be running: a process holds ${socketPath} but did not answer within ${timeoutMs} ms`,
      );
  }
}
