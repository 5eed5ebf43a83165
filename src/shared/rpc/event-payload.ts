import type { JsonObject } from "@bufbuild/protobuf";

/**
 * A wire event's payload object, parsed from its JSON text (Event.payload_json). Empty text, text that is not
 * JSON and JSON that is not an object all give `{}`, which the event schema then reports as malformed: one bad
 * event is shown as nothing and never breaks the feed that carries it.
 */
export function eventPayload(event: { readonly payloadJson: string } | undefined): JsonObject {
  const json = event?.payloadJson;
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : {};
  } catch {
    return {};
  }
}
