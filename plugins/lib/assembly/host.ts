// Bindings to HoloMUSH's host functions. Each takes a JSON request and returns a JSON reply:
// {"ok":true,...} or {"ok":false,"error":{"code":"permission_denied","message":"..."}}.
import { Host, Memory } from "@extism/as-pdk";
import { JsonValue, parseJson, quote } from "./json";

@external("extism:host/env", "length")
declare function kernel_length(offset: u64): u64;
@external("extism:host/user", "holomush_emit")
declare function holomush_emit(offset: u64): u64;
@external("extism:host/user", "holomush_notify")
declare function holomush_notify(offset: u64): u64;
@external("extism:host/user", "holomush_log")
declare function holomush_log(offset: u64): u64;
@external("extism:host/user", "holomush_attributes")
declare function holomush_attributes(offset: u64): u64;

function reply(offset: u64): JsonValue {
  const text = new Memory(offset, kernel_length(offset)).toString();
  const v = parseJson(text);
  return v == null ? new JsonValue() : v;
}

/** Emits an event; `payloadJson` must be a JSON object. Needs `events.emit.<stream>`. */
export function emit(stream: string, type: string, payloadJson: string): JsonValue {
  const req = '{"stream":' + quoteStr(stream) + ',"type":' + quoteStr(type) + ',"payload":' + payloadJson + "}";
  return reply(holomush_emit(Memory.allocateString(req).offset));
}

/** Tells one character something. Needs `char.notify`. */
export function notify(characterId: string, text: string): JsonValue {
  const req = '{"characterId":' + quoteStr(characterId) + ',"text":' + quoteStr(text) + "}";
  return reply(holomush_notify(Memory.allocateString(req).offset));
}

/**
 * Sets an attribute in this plugin's own namespace: `setAttribute("character", id, "LASTROLL", "…")` writes
 * `DICE.LASTROLL` for the dice plugin. `kind` is character, location, exit or object. Needs `attributes.write`;
 * written only if the call succeeds.
 */
export function setAttribute(kind: string, id: string, name: string, value: string): JsonValue {
  const req =
    '{"op":"set","kind":' + quoteStr(kind) + ',"id":' + quoteStr(id) + ',"name":' + quoteStr(name) + ',"value":' + quoteStr(value) + "}";
  return reply(holomush_attributes(Memory.allocateString(req).offset));
}

/** Reads one attribute by its whole name (`MOOD`, `DICE.LASTROLL`); the reply's `value` is null when unset. Needs `attributes.read`. */
export function getAttribute(kind: string, id: string, name: string): JsonValue {
  const req = '{"op":"get","kind":' + quoteStr(kind) + ',"id":' + quoteStr(id) + ',"name":' + quoteStr(name) + "}";
  return reply(holomush_attributes(Memory.allocateString(req).offset));
}

/** Writes a line to the game's log. */
export function log(level: string, message: string): void {
  holomush_log(Memory.allocateString('{"level":' + quoteStr(level) + ',"message":' + quoteStr(message) + "}").offset);
}

/** The call's input, parsed; null when it is not JSON. */
export function input(): JsonValue | null {
  return parseJson(Host.inputString());
}

/** Sets the call's output as UTF-8 bytes (as-pdk's outputString cuts non-ASCII text short). */
export function output(json: string): void {
  Host.output(Uint8Array.wrap(String.UTF8.encode(json)));
}

function quoteStr(s: string): string {
  return quote(s);
}
