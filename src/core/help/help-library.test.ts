import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectingLogger } from "#shared/log/logger.ts";
import { openHelpLibrary, STAFF_HELP_LIMITS } from "./help-library.ts";

const root = mkdtempSync(join(tmpdir(), "holomush-help-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function staffDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, "staff-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const builtin = [
  { path: "communication/say.md", text: "Speak to the room." },
  { path: "general/newbie.md", text: "Welcome." },
];

describe("the help library", () => {
  test("staff topics add to the built-in ones and replace those of the same name", async () => {
    const dir = staffDir({ "lore/history.md": "The city's story.", "say.md": "House rules for say." });
    const { logger } = collectingLogger();
    const library = await openHelpLibrary({ builtin, dir, log: logger });
    const index = library.index();
    expect([index.find("history")?.category, index.find("say")?.body, index.find("newbie")?.body]).toEqual([
      "lore",
      "House rules for say.",
      "Welcome.",
    ]);
    expect(index.size).toBe(3);
  });

  test("a missing staff directory means only the built-in topics", async () => {
    const { logger } = collectingLogger();
    const library = await openHelpLibrary({ builtin, dir: join(root, "absent"), log: logger });
    expect(library.index().size).toBe(2);
  });

  test("reload reads the directory again: a new topic appears without a restart", async () => {
    const dir = staffDir({});
    const { logger } = collectingLogger();
    const library = await openHelpLibrary({ builtin, dir, log: logger });
    expect(library.index().find("rules")).toBeUndefined();
    writeFileSync(join(dir, "rules.md"), "---\ntitle: Game rules\n---\nBe kind.");
    expect(await library.reload()).toEqual({ topics: 3, staff: 1 });
    expect(library.index().find("rules")?.title).toBe("Game rules");
  });

  test("a malformed or oversized staff file is skipped and logged, and the others still load", async () => {
    const dir = staffDir({
      "good.md": "Fine.",
      "bad.md": "---\ntitle: [unclosed\n---\nText",
      "big.md": "x".repeat(STAFF_HELP_LIMITS.fileBytes + 1),
    });
    const { logger, lines } = collectingLogger();
    const library = await openHelpLibrary({ builtin, dir, log: logger });
    expect(["good", "bad", "big"].map((n) => library.index().find(n) !== undefined)).toEqual([
      true,
      false,
      false,
    ]);
    const warnings = lines().map((l) => String(l.message ?? l.msg ?? JSON.stringify(l)));
    expect(warnings.some((w) => w.includes("bad.md"))).toBe(true);
    expect(warnings.some((w) => w.includes("big.md"))).toBe(true);
  });

  test("a malformed built-in topic is a bug, so opening the library throws", async () => {
    const { logger } = collectingLogger();
    await expect(
      openHelpLibrary({ builtin: [{ path: "x/bad name.md", text: "" }], log: logger }),
    ).rejects.toThrow("builtin:x/bad name.md");
  });
});
