import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openEmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { openPostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import {
  createThrowawayPgDatabase,
  isPostgresReachable,
  warnPostgresSkipped,
} from "../support/pg-database.ts";

// Invariant: an acknowledged event survives kill -9, with either store.
const child = join(import.meta.dir, "append-child.ts");
const cycles = 30;
const dir = mkdtempSync(join(tmpdir(), "holomush-durability-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const reachable = await isPostgresReachable();
if (!reachable) warnPostgresSkipped("postgres durability");

interface Row {
  id: string;
  stream: string;
  version: number;
  position: number;
  batch: string;
  size: number;
}

/** Runs the child until it has acknowledged at least `acks` batches, kills it with SIGKILL, and returns every acknowledged id. */
async function runAndKill(kind: string, target: string, tag: string, acks: number): Promise<string[]> {
  const proc = Bun.spawn([process.execPath, child, kind, target, tag], { stdout: "pipe", stderr: "pipe" });
  const acked: string[] = [];
  let lines = 0;
  let buffered = "";
  const decoder = new TextDecoder();
  for await (const chunk of proc.stdout) {
    buffered += decoder.decode(chunk, { stream: true });
    const complete = buffered.split("\n");
    buffered = complete.pop() ?? "";
    for (const line of complete) {
      if (line.startsWith("ack ")) {
        acked.push(...line.slice(4).split(","));
        lines += 1;
      }
    }
    if (lines >= acks && !proc.killed) proc.kill("SIGKILL");
  }
  const code = await proc.exited;
  if (lines < acks) throw new Error(`child exited ${code} early: ${await new Response(proc.stderr).text()}`);
  return acked;
}

async function killRepeatedly(kind: string, target: string): Promise<string[]> {
  const acked: string[] = [];
  for (let cycle = 0; cycle < cycles; cycle++) {
    acked.push(...(await runAndKill(kind, target, `c${cycle}`, 1 + Math.floor(Math.random() * 400))));
  }
  return acked;
}

function expectIntact(rows: readonly Row[], acked: readonly string[]): void {
  const ids = new Set(rows.map((r) => r.id));
  expect(acked.filter((id) => !ids.has(id))).toEqual([]);
  const perBatch = new Map<string, { size: number; count: number }>();
  for (const r of rows) {
    const entry = perBatch.get(r.batch) ?? { size: r.size, count: 0 };
    entry.count += 1;
    perBatch.set(r.batch, entry);
  }
  expect([...perBatch].filter(([, b]) => b.count !== b.size)).toEqual([]);
  expect(rows.map((r) => r.position)).toEqual(rows.map((_, i) => i + 1));
  const versions = new Map<string, number>();
  const gaps = rows.filter((r) => {
    const gap = r.version !== (versions.get(r.stream) ?? 0) + 1;
    versions.set(r.stream, r.version);
    return gap;
  });
  expect(gaps).toEqual([]);
}

describe("durability under SIGKILL", () => {
  test("every acknowledged embedded append survives, with no torn batch", async () => {
    const path = join(dir, "holomush.db");
    const acked = await killRepeatedly("embedded", path);
    await using database = await openEmbeddedDatabase({
      path,
      unsafeDurability: false,
      log: collectingLogger().logger,
    });
    const rows = database.db
      .query<{ id: string; stream: string; version: number; position: number; payload: string }, []>(
        "SELECT id, stream, version, position, payload FROM events ORDER BY position",
      )
      .all()
      .map((r) => ({ ...r, ...(JSON.parse(r.payload) as { batch: string; size: number }) }));
    expect(acked.length).toBeGreaterThan(cycles);
    expectIntact(rows, acked);
  }, 60_000);

  test.skipIf(!reachable)(
    "every acknowledged postgres append survives, with no torn batch",
    async () => {
      await using throwaway = await createThrowawayPgDatabase();
      const acked = await killRepeatedly("postgres", throwaway.url);
      await using database = await openPostgresDatabase({
        url: throwaway.url,
        unsafeDurability: false,
        log: collectingLogger().logger,
      });
      const rows = (
        await database.sql<{ id: string; stream: string; version: number; position: string; payload: Row }[]>`
        select id, stream, version, position, payload from events order by position`
      ).map((r) => ({ ...r, position: Number(r.position), batch: r.payload.batch, size: r.payload.size }));
      expect(acked.length).toBeGreaterThan(cycles);
      expectIntact(rows, acked);
    },
    60_000,
  );
});
