import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where a generated admin password waits for the operator: 0600, in the config directory. */
export function adminPasswordPath(configDir: string): string {
  return join(configDir, "admin-password");
}

/** Keeps a generated admin password for the operator in a 0600 file, never in a log line, where log collectors would keep it. */
export function writeAdminPassword(configDir: string, password: string): string {
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const path = adminPasswordPath(configDir);
  writeFileSync(path, `${password}\n`, { mode: 0o600 });
  return path;
}

/** Reads and removes the waiting admin password, if any: it is shown once. */
export function takeAdminPassword(configDir: string): string | undefined {
  const path = adminPasswordPath(configDir);
  try {
    const password = readFileSync(path, "utf8").trim();
    rmSync(path, { force: true });
    return password || undefined;
  } catch {
    return undefined;
  }
}
