import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  controlFetch,
  holomushBinary,
  instanceDirs,
  runHolomush,
  waitUntil,
} from "../support/holomush-binary.ts";
import { connectTelnetPlayer, loginPlayer } from "../support/telnet-player.ts";

// Foreground modes over the compiled binary: `run` under signals (systemd), `dev`, and `migrate`.
let binary: string;
beforeAll(async () => {
  binary = await holomushBinary();
});

const gatewayListen = [
  "--telnet-addr=127.0.0.1:0",
  "--telnet-tls-addr=127.0.0.1:0",
  "--web-addr=127.0.0.1:0",
];

function spawn(args: string[]) {
  return Bun.spawn([binary, ...args], {
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" },
  });
}

/** Stops `child` when the test ends, passed or failed, so a failing test leaves no game running. */
function stopAtEnd(child: ReturnType<typeof spawn>): AsyncDisposable {
  return {
    async [Symbol.asyncDispose]() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await child.exited;
    },
  };
}

async function ready(socketPath: string): Promise<true> {
  return waitUntil(
    async () => ((await controlFetch(socketPath, "/ready")).status === 200 ? true : undefined),
    socketPath,
  );
}

describe("holomush core run", () => {
  test.each(["SIGTERM", "SIGINT"] as const)(
    "stops gracefully on %s with exit 0 and removes its socket and pid file",
    async (signal) => {
      using dirs = instanceDirs();
      const child = spawn(["core", "run", "--grpc-addr=127.0.0.1:0", ...dirs.flags]);
      const socket = join(dirs.runtimeDir, "core.sock");
      await ready(socket);
      expect(existsSync(join(dirs.stateDir, "core.pid"))).toBe(true);
      child.kill(signal);
      expect(await child.exited).toBe(0);
      expect(existsSync(socket)).toBe(false);
      expect(existsSync(join(dirs.stateDir, "core.pid"))).toBe(false);
    },
  );

  test("logs JSON lines that each carry service and version", async () => {
    using dirs = instanceDirs();
    const child = spawn(["core", "run", "--grpc-addr=127.0.0.1:0", ...dirs.flags]);
    await ready(join(dirs.runtimeDir, "core.sock"));
    child.kill("SIGTERM");
    await child.exited;
    const lines = (await new Response(child.stderr).text()).trim().split("\n");
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      expect(JSON.parse(line)).toMatchObject({
        service: "core",
        version: expect.any(String),
        msg: expect.any(String),
      });
    }
    expect(
      lines.some((l) => l.includes("wrote TLS certificates") && l.includes(join(dirs.configDir, "certs"))),
    ).toBe(true);
  });
});

describe("holomush dev", () => {
  test("runs core and gateway together and Ctrl-C stops both cleanly", async () => {
    using dirs = instanceDirs();
    const child = spawn(["dev", "--grpc-addr=127.0.0.1:0", ...gatewayListen, ...dirs.flags]);
    await using _stop = stopAtEnd(child);
    let out = "";
    const reader = (async () => {
      for await (const chunk of child.stdout) out += new TextDecoder().decode(chunk);
    })();
    await waitUntil(async () => (out.includes("HoloMUSH is running") ? true : undefined), "the dev banner");
    expect(out).toMatch(/telnet localhost \d+/);
    // Not a terminal here, so the generated admin password is shown by dev itself, once.
    expect(out).toMatch(/Created the admin account\. Log in with: {2}connect admin \S{12,}\n/);
    const status = await runHolomush(binary, ["status", ...dirs.flags]);
    expect(status.code).toBe(0);
    child.kill("SIGINT");
    expect(await child.exited).toBe(0);
    await reader;
    expect(existsSync(join(dirs.runtimeDir, "core.sock"))).toBe(false);
    expect(existsSync(join(dirs.runtimeDir, "gateway.sock"))).toBe(false);
  });
});

describe("holomush dev, when the core dies", () => {
  test("starts the core again, and a logged-in telnet player stays connected and plays on", async () => {
    using dirs = instanceDirs();
    // Port 0: dev starts the new core on the port the first one was given, the one the gateway dials.
    const child = spawn(["dev", "--grpc-addr=127.0.0.1:0", ...gatewayListen, ...dirs.flags]);
    await using _stop = stopAtEnd(child);
    let out = "";
    const reader = (async () => {
      for await (const chunk of child.stdout) out += new TextDecoder().decode(chunk);
    })();
    const port = await waitUntil(async () => /telnet localhost (\d+)/.exec(out)?.[1], "the dev banner");
    await using player = await connectTelnetPlayer(Number(port));
    await loginPlayer(player, "Alice", "correct-horse-1");
    const corePid = Number((await Bun.file(join(dirs.stateDir, "core.pid")).text()).trim());
    const from = player.lines.length;
    process.kill(corePid, "SIGKILL");
    await player.waitForLine(/^\[The game is restarting…\]$/, from);
    await player.waitForLine(/^\[Reconnected\.\]$/, from);
    expect(out).toContain("core exited (SIGKILL); starting it again, players stay connected");
    const said = player.lines.length;
    player.send("say still here");
    await player.waitForLine(/^You say, "still here"$/, said);
    expect(player.closed).toBe(false);
    child.kill("SIGINT");
    expect(await child.exited).toBe(0);
    await reader;
  });
});

describe("holomush migrate", () => {
  test("creates and migrates the embedded store, and is idempotent", async () => {
    using dirs = instanceDirs();
    const first = await runHolomush(binary, ["migrate", ...dirs.flags]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`embedded store at ${join(dirs.dataDir, "holomush.db")} is up to date\n`);
    expect((await runHolomush(binary, ["migrate", ...dirs.flags])).code).toBe(0);
  });
});
