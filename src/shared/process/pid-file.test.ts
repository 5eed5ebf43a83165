import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPidFile, removePidFile, writePidFile } from "./pid-file.ts";

const root = mkdtempSync(join(tmpdir(), "hm-proc-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("pid files", () => {
  test("a written pid file reads back, is mode 0644 in a 0700 directory, and is removed", async () => {
    const path = join(root, "state", "core.pid");
    await writePidFile(path, 4242);
    expect(await readPidFile(path)).toBe(4242);
    expect(statSync(path).mode & 0o777).toBe(0o644);
    expect(statSync(join(root, "state")).mode & 0o777).toBe(0o700);
    await removePidFile(path, 1);
    expect(await readPidFile(path)).toBe(4242);
    await removePidFile(path, 4242);
    expect(await readPidFile(path)).toBeUndefined();
    await removePidFile(path);
  });

  test.each([["missing"], ["garbage"], ["-5"], ["0"], ["12abc"]])(
    "a %s pid file reads as undefined",
    async (content) => {
      const path = join(root, `pid-${content}.pid`);
      if (content !== "missing") writeFileSync(path, content);
      expect(await readPidFile(path)).toBeUndefined();
    },
  );
});
