import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { createCoreTransport } from "#gateway/core-link/core-transport.ts";
import { CoreService } from "#gen/holomush/core/v1/core_pb.ts";
import { loadCertificates } from "#shared/tls/load-certificates.ts";
import { holomushBinary, type InstanceDirs, instanceDirs, runHolomush } from "../support/holomush-binary.ts";
import {
  createThrowawayPgDatabase,
  isPostgresReachable,
  type ThrowawayPgDatabase,
  warnPostgresSkipped,
} from "../support/pg-database.ts";

// The compiled core on PostgreSQL (--database-url), called as the gateway would: Connect-gRPC over mTLS.
const reachable = await isPostgresReachable();
if (!reachable) warnPostgresSkipped("e2e core on postgres");

describe.skipIf(!reachable)("the core on PostgreSQL", () => {
  let binary: string;
  let dirs: InstanceDirs;
  let db: ThrowawayPgDatabase;
  let flags: string[];

  beforeAll(async () => {
    binary = await holomushBinary();
    dirs = instanceDirs();
    db = await createThrowawayPgDatabase();
    flags = [`--database-url=${db.url}`, ...dirs.flags];
  });

  afterAll(async () => {
    await runHolomush(binary, ["core", "stop", ...dirs.flags]);
    await db[Symbol.asyncDispose]();
    dirs[Symbol.dispose]();
  });

  test("holomush migrate applies the migrations to an empty database", async () => {
    const result = await runHolomush(binary, ["migrate", ...flags]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`postgres store at ${db.url} is up to date\n`);
  });

  test("a player registers, enters, and says something, durably, through the core service", async () => {
    const start = await runHolomush(binary, ["core", "start", "--grpc-addr=127.0.0.1:0", ...flags], {
      HOLOMUSH_ADMIN_PASSWORD: "correct horse battery",
    });
    expect(start.code).toBe(0);
    const status = JSON.parse(
      (await runHolomush(binary, ["core", "status", "--json", ...dirs.flags])).stdout,
    );
    expect(status).toMatchObject({ state: "running", store: "postgres" });

    const yaml = readFileSync(join(dirs.configDir, "gateway.yaml"), "utf8");
    const gameId = /game_id: (\S+)/.exec(yaml)?.[1] as string;
    const coreAddr = /core_addr: (\S+)/.exec(yaml)?.[1] as string;
    const certs = loadCertificates({ certsDir: join(dirs.configDir, "certs") });
    const client = createClient(CoreService, createCoreTransport({ coreAddr, gameId, certs }).transport);

    const registered = await client.register({
      name: "Alice",
      password: "a long password",
      clientAddress: "127.0.0.1:1",
    });
    const { session } = await client.selectCharacter({
      loginTicket: registered.loginTicket,
      connectionId: "c1",
    });
    const reply = await client.handleCommand({
      sessionId: session?.sessionId ?? "",
      connectionId: "c1",
      sequence: 1n,
      line: "say Hello from Postgres",
    });
    expect(reply.lastPosition).toBeGreaterThan(0n);

    const admin = await client.authenticate({
      name: "admin",
      password: "correct horse battery",
      clientAddress: "127.0.0.1:2",
    });
    expect(admin.characters.map((c) => c.name)).toEqual(["admin"]);
    // Known limitation: bun's `.rejects.toThrow` hangs on a ConnectError here, so the outcome is captured instead.
    const wrong = await client
      .authenticate({ name: "admin", password: "wrong password", clientAddress: "127.0.0.1:2" })
      .then(
        () => "accepted",
        (error: unknown) => String(error),
      );
    expect(wrong).toBe(
      "ConnectError: [unauthenticated] Either that player does not exist, or has a different password.",
    );
  }, 30_000);
});
