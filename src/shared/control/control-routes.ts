import { describeError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";

/** What /health reports: `ok` picks 200 or 503. */
export interface HealthReport {
  readonly ok: boolean;
  readonly detail?: unknown;
}

/** What /ready reports: `ready` picks 200 or 503. */
export interface ReadyReport {
  readonly ready: boolean;
  readonly detail?: unknown;
}

/** The process's answers to the control endpoints. */
export interface ControlHandlers {
  health(): HealthReport | Promise<HealthReport>;
  ready(): boolean | ReadyReport | Promise<boolean | ReadyReport>;
  /** Any JSON object; the server adds `service` and `pid`. */
  status(): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Prometheus text, e.g. a registry's render(). */
  metrics(): string | Promise<string>;
  /** Starts a graceful stop; called once, after the 202 has been handed to the socket. */
  shutdown(): void | Promise<void>;
  /** Reloads what the service can reload without a restart (the core's plugins); POST /reload is 404 without it. */
  reload?(): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/** What the control routes need. */
export interface ControlRoutesDeps {
  readonly service: string;
  readonly handlers: ControlHandlers;
  readonly log: Logger;
}

/** The Content-Type Prometheus expects for text format 0.0.4. */
const metricsContentType = "text/plain; version=0.0.4; charset=utf-8";

const allowed: Record<string, "GET" | "POST"> = {
  "/health": "GET",
  "/ready": "GET",
  "/status": "GET",
  "/metrics": "GET",
  "/shutdown": "POST",
  "/reload": "POST",
};

/** The request handler behind the control socket: GET /health, /ready, /status, /metrics; POST /shutdown, /reload. */
export function createControlRoutes(deps: ControlRoutesDeps): {
  fetch(request: Request): Promise<Response>;
  error(error: Error): Response;
} {
  const { service, handlers, log } = deps;
  let shutdownRequested = false;

  async function answer(path: string): Promise<Response> {
    switch (path) {
      case "/health": {
        const { ok, detail } = await handlers.health();
        return Response.json(detail === undefined ? { ok } : { ok, detail }, { status: ok ? 200 : 503 });
      }
      case "/ready": {
        const result = await handlers.ready();
        const { ready, detail } = typeof result === "boolean" ? { ready: result, detail: undefined } : result;
        return Response.json(detail === undefined ? { ready } : { ready, detail }, {
          status: ready ? 200 : 503,
        });
      }
      case "/status": {
        const body = { service, pid: process.pid };
        // Invariant: service and pid come first and cannot be overridden; the stale-socket probe reads pid.
        return Response.json(Object.assign(body, await handlers.status(), { service, pid: process.pid }));
      }
      case "/metrics":
        return new Response(await handlers.metrics(), { headers: { "content-type": metricsContentType } });
      case "/shutdown":
        if (!shutdownRequested) {
          shutdownRequested = true;
          log.info("shutdown requested over the control socket");
          // Deferred so the 202 is written before the handler starts closing servers.
          setTimeout(() => {
            Promise.resolve()
              .then(() => handlers.shutdown())
              .catch((error: unknown) => log.error("shutdown handler failed", error));
          }, 0);
        }
        return Response.json({ stopping: true }, { status: 202 });
      case "/reload": {
        if (!handlers.reload) return Response.json({ error: "not_found" }, { status: 404 });
        log.info("reload requested over the control socket");
        try {
          return Response.json(await handlers.reload());
        } catch (error) {
          // The operator asked; the reason (a refused module, say) is theirs to read.
          return Response.json({ error: describeError(error) }, { status: 409 });
        }
      }
      default:
        return Response.json({ error: "not_found" }, { status: 404 });
    }
  }

  return {
    async fetch(request) {
      const path = new URL(request.url).pathname;
      const method = allowed[path];
      if (method === undefined) return Response.json({ error: "not_found" }, { status: 404 });
      if (request.method !== method) {
        return Response.json({ error: "method_not_allowed" }, { status: 405, headers: { allow: method } });
      }
      try {
        return await answer(path);
      } catch (error) {
        log.error(`control ${path} failed`, error);
        return Response.json({ error: "internal" }, { status: 500 });
      }
    },
    error(error) {
      log.error("control socket request failed", error);
      return Response.json({ error: "internal" }, { status: 500 });
    },
  };
}
