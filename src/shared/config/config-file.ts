import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { HoloError } from "../errors/holo-error.ts";

/** Reads a YAML config file into a plain object; a missing file is an empty object. */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new HoloError(
      "failed_precondition",
      `cannot read config file ${path}: ${(error as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw new HoloError(
      "invalid_argument",
      `config file ${path} is not valid YAML: ${(error as Error).message.split("\n")[0]}`,
    );
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new HoloError("invalid_argument", `config file ${path} must hold a mapping of keys to values`);
  }
  return value as Record<string, unknown>;
}

/** The gateway's file: the core writes `game_id` and `core_addr` here, keeping any other keys the operator set. */
export function gatewayFilePath(configDir: string): string {
  return join(configDir, "gateway.yaml");
}

/** The core's optional config file. */
export function coreFilePath(configDir: string): string {
  return join(configDir, "core.yaml");
}

/** Merges `values` into a YAML file, atomically (write then rename). */
export function mergeConfigFile(path: string, dir: string, values: Record<string, unknown>): void {
  const current = readConfigFile(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(
    tmp,
    `# Written by holomush core; other keys are kept.\n${stringify({ ...current, ...values })}`,
    {
      mode: 0o644,
    },
  );
  renameSync(tmp, path);
}
