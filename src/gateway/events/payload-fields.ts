import { playerText } from "#shared/markup/markup.ts";

/** The string at `key`, or undefined when absent or not a string. */
export function stringField(payload: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = payload[key];
  return typeof value === "string" ? value : undefined;
}

/** The untrusted string at `key`, sanitised and markup-escaped, or undefined. */
export function safeField(payload: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = stringField(payload, key);
  return value === undefined ? undefined : playerText(value);
}

/** The object at `key`, or undefined. */
export function objectField(
  payload: Readonly<Record<string, unknown>>,
  key: string,
): Readonly<Record<string, unknown>> | undefined {
  const value = payload[key];
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The objects in the array at `key`; anything that is not an object is skipped. */
export function objectList(
  payload: Readonly<Record<string, unknown>>,
  key: string,
): Readonly<Record<string, unknown>>[] {
  const value = payload[key];
  if (!Array.isArray(value)) return [];
  return value.filter(
    (v): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v),
  );
}

/** The strings in the array at `key`, sanitised and markup-escaped. */
export function safeList(payload: Readonly<Record<string, unknown>>, key: string): string[] {
  const value = payload[key];
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === "string").map((v) => playerText(v));
}

/** Joins names as English: "A", "A and B", "A, B and C". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
