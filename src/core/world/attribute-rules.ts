import { HoloError } from "#shared/errors/holo-error.ts";
import { isCleanLine } from "#shared/markup/sanitize-text.ts";

/** The longest attribute name, in characters. */
export const MAX_ATTRIBUTE_NAME = 64;

/**
 * The largest attribute value, in bytes of UTF-8. Well under the 16 KiB event payload cap, so a set is always
 * stored whole; a command line (4 KiB) cannot reach it, a plugin can.
 */
export const MAX_ATTRIBUTE_VALUE_BYTES = 8192;

/** A stored attribute name: upper-case ASCII letters, digits, `_`, `-` and `.`. */
const STORED_NAME = /^[A-Z0-9_.-]{1,64}$/;

const refuse = (line: string): never => {
  throw new HoloError("invalid_argument", line);
};

/** True when `name` is an attribute name as stored (already upper-case and valid); the fold keeps only these. */
export function isAttributeName(name: string): boolean {
  return STORED_NAME.test(name);
}

/** The stored (upper-case) form of a typed attribute name; throws invalid_argument with the rule when unfit. */
export function attributeName(typed: string): string {
  if (typed === "") refuse("An attribute needs a name.");
  if (/\s/.test(typed)) refuse("An attribute name cannot hold spaces.");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(typed)) refuse("An attribute name cannot hold control characters.");
  if ([...typed].length > MAX_ATTRIBUTE_NAME)
    refuse(`An attribute name may be at most ${MAX_ATTRIBUTE_NAME} characters.`);
  if (!/^[A-Za-z0-9_.-]+$/.test(typed))
    refuse("An attribute name may hold only letters, digits, '_', '-' and '.'.");
  return typed.toUpperCase();
}

/** Throws invalid_argument unless `value` fits an attribute: one line, no control characters, the size cap. */
export function checkAttributeValue(value: string): void {
  // Measured before anything else looks at the text, so a huge value costs one pass and is refused.
  if (
    value.length > MAX_ATTRIBUTE_VALUE_BYTES ||
    Buffer.byteLength(value, "utf8") > MAX_ATTRIBUTE_VALUE_BYTES
  )
    refuse(`An attribute value may be at most ${MAX_ATTRIBUTE_VALUE_BYTES} bytes.`);
  if (!isCleanLine(value))
    refuse("An attribute value cannot hold control characters or invisible formatting.");
}

/** The attribute namespace a plugin owns: its name, upper-case (`dice` owns `DICE.LASTROLL`). */
export function pluginNamespace(plugin: string): string {
  return plugin.toUpperCase();
}

/** The plugin namespace a stored attribute name lies in (`DICE` for `DICE.LASTROLL`), when one of `namespaces`. */
export function pluginNamespaceOf(name: string, namespaces: ReadonlySet<string>): string | undefined {
  const dot = name.indexOf(".");
  if (dot <= 0) return undefined;
  const prefix = name.slice(0, dot);
  return namespaces.has(prefix) ? prefix : undefined;
}
