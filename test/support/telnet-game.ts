import { readFileSync } from "node:fs";
import {
  holomushBinary,
  type InstanceDirs,
  instanceDirs,
  runHolomush,
  waitUntil,
} from "./holomush-binary.ts";

/** A core and a gateway from the compiled binary on isolated directories, for telnet e2e tests and the bench. */
export interface TelnetGame extends AsyncDisposable {
  readonly binary: string;
  readonly dirs: InstanceDirs;
  readonly telnetPort: number;
  readonly tlsPort: number;
  /** The web listener's port (the web client and its WebSocket at /ws). */
  readonly webPort: number;
  readonly gatewayPid: number;
  /** The core's current pid (changes after a restart). */
  readonly corePid: number;
  /** `kill -9` of the core; resolves once the process is gone. */
  killCore(): Promise<void>;
  /** `holomush core start` on the same directories and gRPC port; resolves once the gateway is linked again. */
  startCore(): Promise<void>;
  /** The core link's state as `holomush status` shows it for the gateway. */
  linkState(): Promise<string | undefined>;
}

/** Options for startTelnetGame. */
export interface TelnetGameOptions {
  /** Extra `gateway start` flags. */
  readonly gatewayFlags?: readonly string[];
  /** Extra environment for both processes (over testGameEnv). */
  readonly env?: Record<string, string>;
  /** Runs on the fresh directories before the core starts (to restore or import a game into them). */
  readonly beforeStart?: (binary: string, dirs: InstanceDirs) => Promise<void>;
}

interface StatusRow {
  readonly pid?: number;
  readonly listening?: Record<string, string>;
  readonly coreLink?: { readonly state: string };
}

/** A free loopback port: the core must come back on the same one after `kill -9`, so port 0 is asked once. */
export function freeLoopbackPort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/** The resident set size of `pid` in KiB, from /proc. */
export function rssKiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

/** True while `pid` runs (a zombie left for a parent that does not reap counts as gone). */
export function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}

const portOf = (address: string | undefined): number => Number(address?.split(":").at(-1));

/**
 * The environment every test game starts with: every test registers its players from 127.0.0.1, so the
 * registration limits are far above what a test uses; the tests of those limits set their own.
 */
export const testGameEnv: Readonly<Record<string, string>> = {
  HOLOMUSH_REGISTRATIONS_PER_IP_PER_HOUR: "10000",
  HOLOMUSH_REGISTRATIONS_PER_HOUR: "10000",
};

/** Starts core and gateway; dispose stops both (by pid when `stop` fails) and removes the directories. */
export async function startTelnetGame(options: TelnetGameOptions = {}): Promise<TelnetGame> {
  const binary = await holomushBinary();
  const dirs = instanceDirs();
  const env = { ...testGameEnv, ...options.env };
  const grpcAddr = `127.0.0.1:${freeLoopbackPort()}`;
  const run = async (args: readonly string[]) => {
    const result = await runHolomush(binary, [...args, ...dirs.flags], env);
    if (result.code !== 0) throw new Error(`holomush ${args.join(" ")} failed: ${result.stderr}`);
  };
  const status = async (): Promise<[StatusRow, StatusRow] | undefined> => {
    // Exit status 1 means some process is down; the rows still say which.
    const result = await runHolomush(binary, ["status", "--json", ...dirs.flags], env);
    return result.stdout.startsWith("[") ? (JSON.parse(result.stdout) as [StatusRow, StatusRow]) : undefined;
  };
  const linked = () =>
    waitUntil(async () => {
      const rows = await status();
      return rows?.[0].pid && rows[1].coreLink?.state === "connected" ? rows : undefined;
    }, "the gateway to link to the core");

  await options.beforeStart?.(binary, dirs);
  await run(["core", "start", `--grpc-addr=${grpcAddr}`]);
  await run([
    "gateway",
    "start",
    "--telnet-addr=127.0.0.1:0",
    "--telnet-tls-addr=127.0.0.1:0",
    "--web-addr=127.0.0.1:0",
    ...(options.gatewayFlags ?? []),
  ]);
  const [core, gateway] = await linked();
  let corePid = core.pid ?? 0;
  const gatewayPid = gateway.pid ?? 0;

  return {
    binary,
    dirs,
    telnetPort: portOf(gateway.listening?.telnet),
    tlsPort: portOf(gateway.listening?.telnetTls),
    webPort: portOf(gateway.listening?.web),
    gatewayPid,
    get corePid() {
      return corePid;
    },
    async killCore() {
      process.kill(corePid, "SIGKILL");
      const pid = corePid;
      await waitUntil(async () => (alive(pid) ? undefined : true), "the core to die");
    },
    async startCore() {
      await run(["core", "start", `--grpc-addr=${grpcAddr}`]);
      const [again] = await linked();
      corePid = again.pid ?? 0;
    },
    linkState: async () => (await status())?.[1].coreLink?.state,
    async [Symbol.asyncDispose]() {
      await runHolomush(binary, ["gateway", "stop", ...dirs.flags], env);
      await runHolomush(binary, ["core", "stop", ...dirs.flags], env);
      for (const pid of [gatewayPid, corePid]) if (pid > 0 && alive(pid)) process.kill(pid, "SIGKILL");
      dirs[Symbol.dispose]();
    },
  };
}
