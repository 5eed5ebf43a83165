import { parse as parseYaml } from "yaml";
import { HoloError } from "#shared/errors/holo-error.ts";
import { assertValidCapabilities, globMatches } from "./capabilities.ts";

/** Event types and stream patterns a plugin wants delivered. */
export interface PluginSubscription {
  readonly types: readonly string[];
  /** Stream patterns with `*` wildcards, such as `location:*`. */
  readonly streams: readonly string[];
}

/** A command a plugin registers, with the help players see. */
export interface PluginCommand {
  readonly name: string;
  readonly help: string;
}

/** A validated plugin manifest. */
export interface PluginManifest {
  readonly name: string;
  readonly version: string;
  /** The module file, relative to the manifest. */
  readonly entry: string;
  readonly subscriptions: readonly PluginSubscription[];
  readonly commands: readonly PluginCommand[];
  readonly capabilities: readonly string[];
}

const namePattern = /^[a-z][a-z0-9-]{0,31}$/;
const versionPattern = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]{1,40})?$/;
const entryPattern = /^(?:[A-Za-z0-9_-]{1,32}\/)?[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}\.wasm$/;
const commandPattern = /^[a-z][a-z0-9_-]{0,23}$/;
const typePattern = /^(?:\*|[a-z][a-z0-9_.-]{0,63})$/;
const streamPatternPattern = /^[a-z*][^\s\p{Cc}]{0,200}$/u;
const knownKeys = new Set([
  "name",
  "version",
  "entry",
  "subscriptions",
  "commands",
  "capabilities",
  "description",
]);

function fail(source: string, what: string): never {
  throw new HoloError("invalid_argument", `Plugin manifest ${source}: ${what}`);
}

function stringList(value: unknown, source: string, field: string, max: number): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    fail(source, `"${field}" must be a list of strings.`);
  }
  if (value.length > max) fail(source, `"${field}" has more than ${max} entries.`);
  return value as string[];
}

function parseSubscriptions(value: unknown, source: string): PluginSubscription[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 32)
    fail(source, `"subscriptions" must be a list of at most 32.`);
  return value.map((raw, i) => {
    const where = `subscriptions[${i}]`;
    if (typeof raw !== "object" || raw === null) fail(source, `${where} must be an object.`);
    const s = raw as Record<string, unknown>;
    const types = stringList(s.types, source, `${where}.types`, 32);
    const streams = stringList(s.streams, source, `${where}.streams`, 32);
    if (types.length === 0 || streams.length === 0) fail(source, `${where} needs "types" and "streams".`);
    for (const t of types) if (!typePattern.test(t)) fail(source, `${where}: "${t}" is not an event type.`);
    for (const p of streams)
      if (!streamPatternPattern.test(p)) fail(source, `${where}: "${p}" is not a stream.`);
    return { types, streams };
  });
}

function parseCommands(value: unknown, source: string): PluginCommand[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 32) fail(source, `"commands" must be a list of at most 32.`);
  const seen = new Set<string>();
  return value.map((raw, i) => {
    const c = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    if (typeof c.name !== "string" || !commandPattern.test(c.name)) {
      fail(source, `commands[${i}].name must be a lowercase word.`);
    }
    if (typeof c.help !== "string" || c.help.length === 0 || c.help.length > 500) {
      fail(source, `commands[${i}].help must be text of 1 to 500 characters.`);
    }
    if (seen.has(c.name)) fail(source, `command "${c.name}" is registered twice.`);
    seen.add(c.name);
    return { name: c.name, help: c.help };
  });
}

/** Validates a parsed manifest object; throws invalid_argument with a clear message on the first problem. */
export function validateManifest(value: unknown, source = "(inline)"): PluginManifest {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(source, "must be an object.");
  const m = value as Record<string, unknown>;
  for (const key of Object.keys(m)) if (!knownKeys.has(key)) fail(source, `unknown field "${key}".`);
  if (typeof m.name !== "string" || !namePattern.test(m.name)) {
    fail(source, `"name" must be lowercase letters, digits and dashes, at most 32.`);
  }
  if (typeof m.version !== "string" || !versionPattern.test(m.version)) {
    fail(source, `"version" must be semantic, such as 1.0.0.`);
  }
  if (typeof m.entry !== "string" || !entryPattern.test(m.entry)) {
    fail(source, `"entry" must be a .wasm file beside the manifest or in one subdirectory.`);
  }
  const capabilities = stringList(m.capabilities, source, "capabilities", 64);
  assertValidCapabilities(capabilities, `Plugin manifest ${source}`);
  const subscriptions = parseSubscriptions(m.subscriptions, source);
  for (const s of subscriptions) {
    for (const stream of s.streams) {
      if (!capabilities.some((c) => c === "*" || globMatches(c, `events.subscribe.${stream}`))) {
        fail(source, `subscribing to "${stream}" needs the capability "events.subscribe.${stream}".`);
      }
    }
  }
  return {
    name: m.name,
    version: m.version,
    entry: m.entry,
    subscriptions,
    commands: parseCommands(m.commands, source),
    capabilities,
  };
}

/** Parses manifest text, YAML or JSON (JSON is YAML), and validates it. */
export function parseManifest(text: string, source = "(inline)"): PluginManifest {
  if (text.length > 64 * 1024) fail(source, "is larger than 64 KiB.");
  let value: unknown;
  try {
    value = parseYaml(text, { maxAliasCount: 10 });
  } catch (cause) {
    throw new HoloError("invalid_argument", `Plugin manifest ${source}: not valid YAML or JSON.`, { cause });
  }
  return validateManifest(value, source);
}
