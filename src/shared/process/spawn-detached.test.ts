import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitForExit } from "#shared/control/control-client.ts";
import { isProcessAlive } from "./process-alive.ts";
import { spawnDetached } from "./spawn-detached.ts";
import { tailFile } from "./tail-file.ts";

const root = mkdtempSync(join(tmpdir(), "hm-proc-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("detached processes", () => {
  test("this process is alive and an impossible pid is not", () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(0x7ffffffe)).toBe(false);
    expect(isProcessAlive(-1)).toBe(false);
  });

  test("a detached child writes to its log and exits", async () => {
    const logPath = join(root, "logs", "child.log");
    const pid = await spawnDetached({
      argv: [
        process.execPath,
        "-e",
        "console.log('hello from ' + process.env.WHO); console.error('to stderr')",
      ],
      logPath,
      env: { ...process.env, WHO: "the child" },
    });
    expect(pid).toBeGreaterThan(0);
    expect(await waitForExit(pid, { timeoutMs: 30_000 })).toBe(true);
    expect(readFileSync(logPath, "utf8")).toContain("hello from the child\n");
    expect(await tailFile(logPath, 1)).toBe("to stderr");
  });

  test("a detached child that cannot start fails with a clear error", async () => {
    await expect(
      spawnDetached({ argv: [join(root, "no-such-binary")], logPath: join(root, "logs", "x.log") }),
    ).rejects.toThrow("Cannot start");
  });
});
