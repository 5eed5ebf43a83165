import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { $ } from "bun";
import {
  controlFetch,
  holomushBinary,
  type InstanceDirs,
  instanceDirs,
  runHolomush,
  waitUntil,
} from "../support/holomush-binary.ts";

// End to end over the compiled binary: start, status, health, certificates, stop.
let binary: string;
let dirs: InstanceDirs;
const gatewayListen = [
  "--telnet-addr=127.0.0.1:0",
  "--telnet-tls-addr=127.0.0.1:0",
  "--web-addr=127.0.0.1:0",
];

beforeAll(async () => {
  binary = await holomushBinary();
  dirs = instanceDirs();
});

afterAll(async () => {
  await runHolomush(binary, ["gateway", "stop", ...dirs.flags]);
  await runHolomush(binary, ["core", "stop", ...dirs.flags]);
  dirs[Symbol.dispose]();
});

interface StatusRow {
  service: string;
  state: string;
  pid?: number;
  version?: string;
  listening?: Record<string, string>;
  coreLink?: { state: string };
}

async function status(): Promise<{ code: number; rows: StatusRow[] }> {
  const result = await runHolomush(binary, ["status", "--json", ...dirs.flags]);
  return { code: result.code, rows: JSON.parse(result.stdout) as StatusRow[] };
}

describe("the compiled binary", () => {
  test("prints its version and commit", async () => {
    const result = await runHolomush(binary, ["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^holomush \d+\.\d+\.\d+ \(commit [0-9a-f]{7,}(-dirty)?\)\n$/);
  });

  test.each([[["--help"]], [["core", "--help"]], [["gateway", "start", "--help"]], [["status", "--help"]]])(
    "answers %p with usage",
    async (args) => {
      const result = await runHolomush(binary, args);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("USAGE");
    },
  );

  test("starts core and gateway, reports both up and connected, and stops them", async () => {
    const core = await runHolomush(binary, ["core", "start", "--grpc-addr=127.0.0.1:0", ...dirs.flags]);
    expect(core.stderr).toBe("");
    expect(core.code).toBe(0);
    const gateway = await runHolomush(binary, ["gateway", "start", ...gatewayListen, ...dirs.flags]);
    expect(gateway.stderr).toBe("");
    expect(gateway.code).toBe(0);

    const rows = await waitUntil(async () => {
      const s = await status();
      return s.code === 0 && s.rows[1]?.coreLink?.state === "connected" ? s.rows : undefined;
    }, "the gateway to connect to the core");
    expect(rows.map((r) => [r.service, r.state])).toEqual([
      ["core", "running"],
      ["gateway", "running"],
    ]);
    expect(rows[0]?.listening?.grpc).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(rows[1]?.listening?.telnet).toMatch(/^127\.0\.0\.1:\d+$/);

    const table = await runHolomush(binary, ["status", ...dirs.flags]);
    expect(table.stdout).toMatch(/core\s+running\s+\d+/);
    expect(table.stdout).toContain("core: connected");

    for (const name of ["core", "gateway"]) {
      const health = await controlFetch(join(dirs.runtimeDir, `${name}.sock`), "/health");
      expect(health.status).toBe(200);
      const metrics = await (await controlFetch(join(dirs.runtimeDir, `${name}.sock`), "/metrics")).text();
      expect(metrics).toContain("process_uptime_seconds");
      expect(metrics).toContain(`holomush_build_info{version="`);
      expect(statSync(join(dirs.runtimeDir, `${name}.sock`)).mode & 0o777).toBe(0o600);
    }

    const coreMetrics = await (await controlFetch(join(dirs.runtimeDir, "core.sock"), "/metrics")).text();
    for (const family of [
      "holomush_events_appended_total",
      "holomush_event_append_seconds",
      "holomush_sessions",
      "holomush_connections",
      "holomush_commands_total",
    ]) {
      expect(coreMetrics).toContain(`# TYPE ${family} `);
    }

    const certs = join(dirs.configDir, "certs");
    for (const key of ["root-ca.key", "core.key", "gateway.key"]) {
      expect(statSync(join(certs, key)).mode & 0o777).toBe(0o600);
    }
    const verify =
      await $`openssl verify -CAfile ${join(certs, "root-ca.crt")} ${join(certs, "core.crt")} ${join(certs, "gateway.crt")}`
        .quiet()
        .nothrow();
    expect(verify.stdout.toString()).toContain("core.crt: OK");
    expect(verify.stdout.toString()).toContain("gateway.crt: OK");

    // A second core on the same directories names the running pid.
    const second = await runHolomush(binary, ["core", "start", "--grpc-addr=127.0.0.1:0", ...dirs.flags]);
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(`holomush: core is already running (pid ${rows[0]?.pid})\n`);

    expect((await runHolomush(binary, ["gateway", "stop", ...dirs.flags])).code).toBe(0);
    expect((await runHolomush(binary, ["core", "stop", ...dirs.flags])).code).toBe(0);
    const after = await status();
    expect(after.code).toBe(1);
    expect(after.rows.map((r) => r.state)).toEqual(["stopped", "stopped"]);
  });
});

describe("bad input ends in one clear line and a non-zero exit", () => {
  test("an unknown flag", async () => {
    const result = await runHolomush(binary, ["core", "start", "--bogus", ...dirs.flags]);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: 'holomush: unknown flag "--bogus" (see --help)\n',
    });
  });

  test("stop when nothing runs", async () => {
    const result = await runHolomush(binary, ["core", "stop", ...dirs.flags]);
    expect(result).toEqual({ code: 1, stdout: "", stderr: "holomush: core is not running\n" });
  });

  test("a port already in use", async () => {
    await using listener = {
      server: Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } }),
      async [Symbol.asyncDispose]() {
        this.server.stop(true);
      },
    };
    const port = listener.server.port;
    const result = await runHolomush(binary, ["core", "run", `--grpc-addr=127.0.0.1:${port}`, ...dirs.flags]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n").at(-1)).toBe(
      `holomush: cannot serve gRPC: 127.0.0.1:${port} is already in use`,
    );
  });

  test("an unwritable data directory", async () => {
    using other = instanceDirs();
    writeFileSync(join(other.root, "data"), "not a directory");
    const result = await runHolomush(binary, ["core", "run", "--grpc-addr=127.0.0.1:0", ...other.flags]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n").at(-1)).toMatch(/^holomush: cannot (create|open|write).*data/i);
  });

  test("a corrupted certificate", async () => {
    using other = instanceDirs();
    const first = await runHolomush(binary, ["core", "start", "--grpc-addr=127.0.0.1:0", ...other.flags]);
    expect(first.code).toBe(0);
    await runHolomush(binary, ["core", "stop", ...other.flags]);
    writeFileSync(
      join(other.configDir, "certs/gateway.crt"),
      "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n",
    );
    const result = await runHolomush(binary, ["gateway", "run", ...gatewayListen, ...other.flags]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n").at(-1)).toMatch(/^holomush: .*gateway\.crt/);
  });

  test("a gateway pointed at a core of another game", async () => {
    using other = instanceDirs();
    expect(
      (await runHolomush(binary, ["core", "start", "--grpc-addr=127.0.0.1:0", ...other.flags])).code,
    ).toBe(0);
    try {
      // Same CA and gateway certificate, but gateway.yaml names another game.
      using stranger = instanceDirs();
      cpSync(join(other.configDir, "certs"), join(stranger.configDir, "certs"), { recursive: true });
      const coreAddr = /core_addr: (\S+)/.exec(
        readFileSync(join(other.configDir, "gateway.yaml"), "utf8"),
      )?.[1];
      writeFileSync(
        join(stranger.configDir, "gateway.yaml"),
        `game_id: 01J0000000000000000000000X\ncore_addr: ${coreAddr}\n`,
      );
      const result = await runHolomush(binary, ["gateway", "run", ...gatewayListen, ...stranger.flags]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split("\n").at(-1)).toBe(
        `holomush: core at ${coreAddr} has a certificate for another game (expected holomush-01j0000000000000000000000x)`,
      );
    } finally {
      await runHolomush(binary, ["core", "stop", ...other.flags]);
    }
  });
});
