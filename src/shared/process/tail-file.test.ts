import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tailFile } from "./tail-file.ts";

const root = mkdtempSync(join(tmpdir(), "hm-proc-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("tailFile", () => {
  test("the tail of a file is its last lines; a missing file is empty", async () => {
    const path = join(root, "tail.log");
    writeFileSync(path, "one\ntwo\nthree\nfour\n");
    expect(await tailFile(path, 2)).toBe("three\nfour");
    expect(await tailFile(path, 10)).toBe("one\ntwo\nthree\nfour");
    expect(await tailFile(join(root, "nope.log"), 5)).toBe("");
  });

  test("the tail of a large file reads only its end", async () => {
    const path = join(root, "big.log");
    writeFileSync(path, `${Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join("\n")}\n`);
    expect(await tailFile(path, 3)).toBe("line 19997\nline 19998\nline 19999");
  });
});
