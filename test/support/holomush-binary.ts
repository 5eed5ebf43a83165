import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { $ } from "bun";

const root = join(import.meta.dir, "../..");

/** The compiled binary under test: $HOLOMUSH_BINARY (set by `npm test`), else dist/holomush, built when missing. */
export async function holomushBinary(): Promise<string> {
  const fromEnv = process.env.HOLOMUSH_BINARY;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const path = join(root, "dist/holomush");
  if (!existsSync(path))
    await $`${process.execPath} ${join(root, "scripts/build-binary.ts")}`.cwd(root).quiet();
  return path;
}

/** Isolated XDG directories for one test instance, removed on dispose. */
export interface InstanceDirs extends Disposable {
  readonly root: string;
  readonly configDir: string;
  readonly dataDir: string;
  readonly stateDir: string;
  readonly runtimeDir: string;
  /** The directory flags for every holomush command. */
  readonly flags: string[];
}

/** Creates fresh directories; short paths, since Unix socket paths are limited to 107 bytes. */
export function instanceDirs(): InstanceDirs {
  const base = mkdtempSync(join(tmpdir(), "hm-"));
  const dirs = {
    root: base,
    configDir: join(base, "config"),
    dataDir: join(base, "data"),
    stateDir: join(base, "state"),
    runtimeDir: join(base, "run"),
  };
  return {
    ...dirs,
    flags: [
      `--config-dir=${dirs.configDir}`,
      `--data-dir=${dirs.dataDir}`,
      `--state-dir=${dirs.stateDir}`,
      `--runtime-dir=${dirs.runtimeDir}`,
    ],
    [Symbol.dispose]: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** The outcome of one CLI run. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the binary to completion with a clean HOLOMUSH_* environment. */
export async function runHolomush(
  binary: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const proc = Bun.spawn([binary, ...args], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...env },
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}

/** GET or POST on a control socket. */
export async function controlFetch(socketPath: string, path: string, method = "GET"): Promise<Response> {
  return fetch(`http://localhost${path}`, { unix: socketPath, method });
}

/** Polls `check` until it returns a value; waiting on another process, so polling is the only option. */
export async function waitUntil<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(25);
  }
}
