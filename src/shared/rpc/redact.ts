import {
  type DescMessage,
  type JsonObject,
  type JsonValue,
  type MessageShape,
  toJson,
} from "@bufbuild/protobuf";

/** What a secret field's value is replaced with. */
export const redactedValue = "[redacted]";

/**
 * A message as JSON fit for a log line: every field marked `debug_redact` in the proto (passwords, tokens,
 * command lines) is replaced by "[redacted]" when set, at any depth, so no secret reaches a log line.
 */
export function redactedJson<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): JsonValue {
  return redactObject(schema, toJson(schema, message, { alwaysEmitImplicit: false }));
}

/** True when a message type holds a field marked `debug_redact`, at any depth. */
export function hasSecrets(schema: DescMessage, seen = new Set<string>()): boolean {
  if (seen.has(schema.typeName)) return false;
  seen.add(schema.typeName);
  return schema.fields.some(
    (f) => f.proto.options?.debugRedact === true || (f.message !== undefined && hasSecrets(f.message, seen)),
  );
}

function redactObject(schema: DescMessage, json: JsonValue): JsonValue {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return json;
  const out: JsonObject = { ...json };
  for (const field of schema.fields) {
    const value = out[field.jsonName];
    if (value === undefined) continue;
    if (field.proto.options?.debugRedact === true) {
      out[field.jsonName] = redactedValue;
    } else if (field.fieldKind === "message") {
      out[field.jsonName] = redactObject(field.message, value);
    } else if (field.fieldKind === "list" && field.listKind === "message" && Array.isArray(value)) {
      out[field.jsonName] = value.map((item) => redactObject(field.message, item));
    }
  }
  return out;
}
