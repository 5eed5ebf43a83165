import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isHoloError } from "#shared/errors/holo-error.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { controlRequest } from "./control-client.ts";
import type { ControlHandlers } from "./control-routes.ts";
import { startControlServer } from "./control-server.ts";
import { spawnSocketHolder } from "./spawn-socket-holder.ts";

const root = mkdtempSync(join(tmpdir(), "hm-ctl-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshSocket = () => join(root, `run${++counter}`, "core.sock");

function handlers(overrides: Partial<ControlHandlers> = {}): ControlHandlers {
  return {
    health: () => ({ ok: true }),
    ready: () => true,
    status: () => ({ state: "ready", listening: ["127.0.0.1:9000"] }),
    metrics: () => "# HELP up Up.\n# TYPE up gauge\nup 1\n",
    shutdown: () => {},
    ...overrides,
  };
}

function start(socketPath: string, h: ControlHandlers = handlers(), probeTimeoutMs?: number) {
  const { logger } = collectingLogger();
  return startControlServer({
    socketPath,
    service: "core",
    handlers: h,
    log: logger,
    ...(probeTimeoutMs === undefined ? {} : { probeTimeoutMs }),
  });
}

describe("control server", () => {
  test("every endpoint answers with its status code and body", async () => {
    const socket = freshSocket();
    await using _server = await start(socket);
    const get = (path: string, method: "GET" | "POST" = "GET") => controlRequest(socket, path, { method });
    expect(await get("/health")).toEqual({
      kind: "answered",
      status: 200,
      text: '{"ok":true}',
      json: { ok: true },
    });
    expect(await get("/ready")).toMatchObject({ status: 200, json: { ready: true } });
    expect(await get("/status")).toMatchObject({
      status: 200,
      json: { service: "core", pid: process.pid, state: "ready", listening: ["127.0.0.1:9000"] },
    });
    expect(await get("/metrics")).toMatchObject({
      status: 200,
      text: "# HELP up Up.\n# TYPE up gauge\nup 1\n",
    });
    expect(await get("/nope")).toMatchObject({ status: 404 });
    expect(await get("/shutdown")).toMatchObject({ status: 405 });
    expect(await get("/status", "POST")).toMatchObject({ status: 405 });
  });

  test("metrics are served as Prometheus text format 0.0.4", async () => {
    const socket = freshSocket();
    await using _server = await start(socket);
    const response = await fetch("http://localhost/metrics", { unix: socket });
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    await response.text();
  });

  test("an unhealthy or unready process answers 503 with its detail", async () => {
    const socket = freshSocket();
    const h = handlers({
      health: () => ({ ok: false, detail: { store: "down" } }),
      ready: async () => ({ ready: false, detail: "migrating" }),
    });
    await using _server = await start(socket, h);
    expect(await controlRequest(socket, "/health")).toMatchObject({
      status: 503,
      json: { ok: false, detail: { store: "down" } },
    });
    expect(await controlRequest(socket, "/ready")).toMatchObject({
      status: 503,
      json: { ready: false, detail: "migrating" },
    });
  });

  test("a failing handler answers 500 without its message", async () => {
    const socket = freshSocket();
    const h = handlers({
      status: () => {
        throw new Error("secret detail");
      },
    });
    await using _server = await start(socket, h);
    expect(await controlRequest(socket, "/status")).toMatchObject({
      status: 500,
      json: { error: "internal" },
    });
  });

  test("the socket is mode 0600 in a 0700 directory, and closing removes it", async () => {
    const socket = freshSocket();
    const server = await start(socket);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    expect(statSync(join(socket, "..")).mode & 0o777).toBe(0o700);
    await server.close();
    expect(() => statSync(socket)).toThrow();
    expect(await controlRequest(socket, "/health")).toEqual({
      kind: "not_running",
      reason: "no_socket",
      socketPath: socket,
    });
  });

  test("POST /shutdown answers 202 and then calls the shutdown handler once", async () => {
    const socket = freshSocket();
    let calls = 0;
    const { promise: stopped, resolve } = Promise.withResolvers<void>();
    await using _server = await start(
      socket,
      handlers({
        shutdown: () => {
          calls++;
          resolve();
        },
      }),
    );
    expect(await controlRequest(socket, "/shutdown", { method: "POST" })).toMatchObject({
      status: 202,
      json: { stopping: true },
    });
    await stopped;
    expect(await controlRequest(socket, "/shutdown", { method: "POST" })).toMatchObject({ status: 202 });
    expect(calls).toBe(1);
  });

  test("a stale socket left by a killed process is replaced", async () => {
    const socket = freshSocket();
    const holder = await spawnSocketHolder(socket);
    await holder[Symbol.asyncDispose]();
    expect(statSync(socket).isSocket()).toBe(true);
    expect(await controlRequest(socket, "/status")).toEqual({
      kind: "not_running",
      reason: "refused",
      socketPath: socket,
    });
    const { logger, lines } = collectingLogger();
    const h = handlers();
    await using _server = await startControlServer({
      socketPath: socket,
      service: "core",
      handlers: h,
      log: logger,
    });
    expect(await controlRequest(socket, "/health")).toMatchObject({ status: 200 });
    expect(lines().map((l) => l.msg)).toContain("removed a stale control socket");
  });

  test("a live instance makes a second one fail with a message naming its pid", async () => {
    const socket = freshSocket();
    await using _first = await start(socket);
    const second = start(socket);
    await expect(second).rejects.toThrow(
      `core is already running (pid ${process.pid}); its control socket is ${socket}`,
    );
    await expect(second).rejects.toMatchObject({ code: "failed_precondition" });
    expect(await controlRequest(socket, "/health")).toMatchObject({ status: 200 });
  });

  test("a live process in another process is named by its pid", async () => {
    const socket = freshSocket();
    await using holder = await spawnSocketHolder(socket);
    await expect(start(socket)).rejects.toThrow(`core is already running (pid ${holder.child.pid})`);
  });

  test("a process that holds the socket but never answers is not displaced", async () => {
    const socket = freshSocket();
    await using holder = await spawnSocketHolder(socket);
    holder.child.kill("SIGSTOP");
    await expect(start(socket, handlers(), 100)).rejects.toThrow("did not answer within 100 ms");
    expect(statSync(socket).isSocket()).toBe(true);
  });

  test("a regular file at the socket path is refused, not deleted", async () => {
    const socket = join(root, "plain-file.sock");
    writeFileSync(socket, "keep me");
    await expect(start(socket)).rejects.toThrow("exists and is not a socket");
    expect(statSync(socket).isFile()).toBe(true);
  });

  test("a socket path too long for Unix sockets is refused with the limit", async () => {
    const socket = join(root, "d".repeat(120), "core.sock");
    const attempt = start(socket);
    await expect(attempt).rejects.toThrow("Unix sockets allow at most 107");
    expect(await attempt.catch((e: unknown) => isHoloError(e, "invalid_argument"))).toBe(true);
  });
});
