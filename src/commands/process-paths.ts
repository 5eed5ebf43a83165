import { join } from "node:path";
import type { XdgPaths } from "#shared/config/xdg-paths.ts";

/** The two long-running processes. */
export type ProcessName = "core" | "gateway";

/** Where one process keeps its socket, pid file and log. */
export interface ProcessFiles {
  readonly socketPath: string;
  readonly pidPath: string;
  readonly logPath: string;
}

/** The files of `name` under the resolved XDG layout. */
export function processFiles(paths: XdgPaths, name: ProcessName): ProcessFiles {
  return {
    socketPath: join(paths.runtimeDir, `${name}.sock`),
    pidPath: join(paths.stateDir, `${name}.pid`),
    logPath: join(paths.logsDir, `${name}.log`),
  };
}
