import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { instrumentWorkerUrl } from "./module-instrumenter.ts";

describe("where the instrumenting worker is loaded from", () => {
  test("from source it is the worker file next to the instrumenter", () => {
    const url = instrumentWorkerUrl("/repo/src/cli.ts");
    expect(existsSync(fileURLToPath(url))).toBe(true);
    expect(url.endsWith("/src/plugins/instrument-worker.ts")).toBe(true);
  });

  test("in the compiled binary it is the worker's own entry point, by its path from the repository root", () => {
    expect(instrumentWorkerUrl("/$bunfs/root/holomush")).toBe(
      "/$bunfs/root/src/plugins/instrument-worker.ts",
    );
  });
});
