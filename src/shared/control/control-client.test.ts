import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectingLogger } from "#shared/log/logger.ts";
import { controlRequest, waitForExit, waitForReady } from "./control-client.ts";
import { startControlServer } from "./control-server.ts";

const root = mkdtempSync(join(tmpdir(), "hm-cli-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function serve(socketPath: string, ready: () => boolean) {
  return startControlServer({
    socketPath,
    service: "gateway",
    log: collectingLogger().logger,
    handlers: {
      health: () => ({ ok: true }),
      ready,
      status: () => ({}),
      metrics: () => "",
      shutdown: () => {},
    },
  });
}

describe("control client", () => {
  test("a missing socket reports not running, not an error", async () => {
    const socketPath = join(root, "absent", "gateway.sock");
    expect(await controlRequest(socketPath, "/status")).toEqual({
      kind: "not_running",
      reason: "no_socket",
      socketPath,
    });
  });

  test("an aborted request rejects with the signal's reason", async () => {
    const socketPath = join(root, "aborted.sock");
    await using _server = await serve(socketPath, () => true);
    const controller = new AbortController();
    controller.abort(new Error("cancelled by test"));
    await expect(controlRequest(socketPath, "/ready", { signal: controller.signal })).rejects.toThrow(
      "cancelled by test",
    );
  });

  test("waiting for ready returns once /ready turns 200", async () => {
    const socketPath = join(root, "slow.sock");
    let asked = 0;
    await using _server = await serve(socketPath, () => ++asked >= 3);
    const result = await waitForReady(socketPath, { timeoutMs: 10_000, isAlive: () => true, intervalMs: 1 });
    expect(result).toEqual({ kind: "ready", detail: { ready: true } });
    expect(asked).toBe(3);
  });

  test("waiting for ready stops as soon as the process is no longer alive", async () => {
    const socketPath = join(root, "never.sock");
    let checks = 0;
    const result = await waitForReady(socketPath, {
      timeoutMs: 60_000,
      isAlive: () => ++checks < 3,
      intervalMs: 1,
    });
    expect(result).toEqual({ kind: "exited" });
  });

  test("waiting for ready gives up after its timeout with the last answer", async () => {
    const socketPath = join(root, "unready.sock");
    await using _server = await serve(socketPath, () => false);
    const result = await waitForReady(socketPath, { timeoutMs: 0, isAlive: () => true });
    expect(result).toEqual({ kind: "timed_out", last: undefined });
  });

  test("waiting for exit returns true once the process is gone", async () => {
    const child = Bun.spawn({
      cmd: [process.execPath, "-e", "setInterval(() => {}, 1000)"],
      stdio: ["ignore", "ignore", "ignore"],
    });
    expect(await waitForExit(child.pid, { timeoutMs: 0 })).toBe(false);
    child.kill("SIGTERM");
    expect(await waitForExit(child.pid, { timeoutMs: 30_000 })).toBe(true);
  });
});
