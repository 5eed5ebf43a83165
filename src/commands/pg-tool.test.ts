import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPostgresStores } from "#core/store/open-postgres-stores.ts";
import { exportPostgres } from "#core/store/postgres/postgres-event-archive.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createThrowawayPgDatabase, postgresAvailable } from "#test/support/pg-database.ts";
import { pgDumpPlan, pgRestorePlan, pgToolLine, runPgTool } from "./pg-tool.ts";

describe("pg_dump and pg_restore plans", () => {
  test("the password goes through PGPASSWORD, never into the arguments", () => {
    const plan = pgDumpPlan("postgres://game:s3cr%2Ft@db.example:5432/holo", "/backups/a b.dump");
    expect(plan).toEqual({
      tool: "pg_dump",
      args: ["--format=custom", "--file=/backups/a b.dump", "--dbname=postgres://game@db.example:5432/holo"],
      password: "s3cr/t",
    });
    expect(pgToolLine(plan)).toBe(
      "PGPASSWORD='…' pg_dump --format=custom '--file=/backups/a b.dump' --dbname=postgres://game@db.example:5432/holo",
    );
  });

  test("a restore runs in one transaction and stops at the first error", () => {
    expect(pgRestorePlan("postgres://game@db/holo", "x.dump").args).toEqual([
      "--single-transaction",
      "--exit-on-error",
      "--no-owner",
      "--dbname=postgres://game@db/holo",
      "x.dump",
    ]);
  });

  test("without the tool on PATH the exact command is given instead", async () => {
    await expect(runPgTool(pgDumpPlan("postgres://game@db/holo", "x.dump"), { PATH: "" })).rejects.toThrow(
      "pg_dump is not on PATH; install the PostgreSQL client tools, or run where they are:\n  pg_dump --format=custom --file=x.dump --dbname=postgres://game@db/holo",
    );
  });
});

const reachable = (await postgresAvailable("pg_dump round trip")) && Bun.which("pg_restore") !== null;

describe.skipIf(!reachable)("pg_dump then pg_restore", () => {
  test("a dumped game restores into an empty database with the same events, and not over one", async () => {
    const log = collectingLogger().logger;
    const dir = mkdtempSync(join(tmpdir(), "holomush-pgdump-"));
    await using from = await createThrowawayPgDatabase();
    await using to = await createThrowawayPgDatabase();
    try {
      await using stores = await openPostgresStores(from.url, false, log);
      await stores.events.append({
        id: "ev1",
        stream: "world",
        type: "test.note",
        timestamp: 1,
        actor: { kind: "system", id: "core" },
        payload: { text: "héllo" },
      });
      const file = join(dir, "game.dump");
      await runPgTool(pgDumpPlan(from.url, file), process.env);
      await runPgTool(pgRestorePlan(to.url, file), process.env);
      const dump = async (url: string) => {
        const chunks: string[] = [];
        await exportPostgres(url, async (c) => void chunks.push(c), log);
        return chunks.join("");
      };
      expect(await dump(to.url)).toBe(await dump(from.url));
      await expect(runPgTool(pgRestorePlan(to.url, file), process.env)).rejects.toThrow("pg_restore failed");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
