import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readLines, writeOutput } from "./archive-files.ts";

const dir = mkdtempSync(join(tmpdir(), "holomush-archive-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("export files", () => {
  test("a finished export is renamed into place and replaces the old file", async () => {
    const file = join(dir, "done.jsonl");
    writeFileSync(file, "old\n");
    await writeOutput(file, async (write) => {
      await write("a\n");
      await write("b\n");
    });
    expect(readFileSync(file, "utf8")).toBe("a\nb\n");
    expect(readdirSync(dir).filter((f) => f.includes("partial"))).toEqual([]);
  });

  test("a failed export leaves the old file and no partial one", async () => {
    const file = join(dir, "kept.jsonl");
    writeFileSync(file, "old\n");
    await expect(
      writeOutput(file, async (write) => {
        await write("half");
        throw new Error("the store went away");
      }),
    ).rejects.toThrow("the store went away");
    expect(readFileSync(file, "utf8")).toBe("old\n");
    expect(readdirSync(dir).filter((f) => f.includes("partial"))).toEqual([]);
  });

  test("lines are read in order, a last line without a newline included", async () => {
    const file = join(dir, "lines.jsonl");
    writeFileSync(file, "one\r\ntwo\nthree");
    const lines: string[] = [];
    for await (const line of readLines(file)) lines.push(line);
    expect(lines).toEqual(["one", "two", "three"]);
  });

  test("a missing file is refused before anything opens", () => {
    expect(() => readLines(join(dir, "absent.jsonl"))).toThrow("there is no file");
  });
});
