import { HoloError } from "../errors/holo-error.ts";

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a duration like `250ms`, `30s`, `15m`, `24h` or `7d` into milliseconds. */
export function parseDuration(text: string, name: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match)
    throw new HoloError("invalid_argument", `--${name} must be a duration such as 30m or 24h, not "${text}"`);
  return Math.round(Number(match[1]) * (units[match[2] as string] as number));
}

/** Parses a positive whole number setting. */
export function parsePositiveInt(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new HoloError("invalid_argument", `--${name} must be a whole number above 0, not "${text}"`);
  }
  return value;
}

/** Parses a duration that must be above zero. */
export function parsePositiveDuration(text: string, name: string): number {
  const ms = parseDuration(text, name);
  if (ms <= 0) throw new HoloError("invalid_argument", `--${name} must be longer than 0, not "${text}"`);
  return ms;
}
