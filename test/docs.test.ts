import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { envName, settingSpecs } from "#shared/config/settings.ts";

// Docs match code: every setting, verb and README command is where a user looks for it.
const root = join(import.meta.dir, "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

describe("the docs", () => {
  const cli = read("docs/cli.md");

  test.each(settingSpecs.map((s) => [s.flag, s]))("docs/cli.md documents --%s", (flag, spec) => {
    expect(cli).toContain(`\`--${flag}\``);
    if (!spec.flagOnly) expect(cli).toContain(`\`${envName(flag)}\``);
  });

  test.each(["run", "start", "stop", "restart", "status", "reload"])(
    "docs/cli.md documents `core %s`",
    (verb) => {
      expect(cli).toMatch(new RegExp(`holomush core (\\[[^\\]]*)?${verb}`));
    },
  );

  test.each(["backup <file>", "restore <file>", "export [file]", "import <file>"])(
    "docs/cli.md and docs/backups.md document `holomush %s`",
    (usage) => {
      expect(cli).toContain(`\`holomush ${usage}\``);
      expect(read("docs/backups.md")).toContain(`\`holomush ${usage}\``);
    },
  );

  test("the README gives exactly the two commands, and CI runs the test one", () => {
    const readme = read("README.md");
    expect(readme).toContain("```sh\nnpm start\n```");
    expect(readme).toContain("```sh\nnpm test\n```");
    expect(read(".ci/run").trim().split("\n").at(-1)).toBe("npm test");
  });
});
