import { type NewEvent, validateNewEvent, WORLD_STREAM } from "#core/events/event.ts";
import type { PluginAttributeTarget } from "#core/plugin-bridge/core-plugins.ts";
import { attributeName, checkAttributeValue, pluginNamespace } from "#core/world/attribute-rules.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { CallEffects } from "./call-effects.ts";
import type { PluginHostDeps } from "./plugin-host-deps.ts";

type Json = Record<string, unknown>;

/** What the attribute host function needs from the host functions around it. */
export interface HostAttributesContext {
  readonly plugin: string;
  readonly deps: PluginHostDeps;
  /** Throws permission_denied unless the plugin may use the capability. */
  readonly require: (capability: string) => void;
  /** Throws (failing the call) once `used` reaches the per-call emit quota. */
  readonly quota: (used: number) => void;
}

const kinds: readonly PluginAttributeTarget[] = ["character", "location", "exit", "object"];

const text = (v: unknown, field: string, max = 200): string => {
  if (typeof v !== "string" || v.length === 0 || v.length > max)
    throw new HoloError("invalid_argument", `"${field}" must be a string of 1 to ${max} characters.`);
  return v;
};

/** A thing's attributes as this call sees them: the world's, with the call's own pending writes over them. */
function attributesNow(
  deps: PluginHostDeps,
  effects: CallEffects,
  kind: PluginAttributeTarget,
  id: string,
): Record<string, string> {
  const stored = deps.world.attributes(kind, id);
  if (stored === undefined) throw new HoloError("not_found", `There is no ${kind} "${id}".`);
  const now = { ...stored };
  for (const e of effects.events) {
    const p = e.payload as { kind?: string; id?: string; name?: string; value?: string };
    if (e.stream !== WORLD_STREAM || p.kind !== kind || p.id !== id || p.name === undefined) continue;
    if (e.type === "attribute_set" && p.value !== undefined) now[p.name] = p.value;
    else if (e.type === "attribute_cleared") delete now[p.name];
  }
  return now;
}

/**
 * `holomush_attributes`: `get` reads a character's, room's, exit's or object's attributes (`attributes.read`);
 * `set` and `clear` write one in the plugin's own namespace, `<PLUGIN>.<NAME>` (`attributes.write`), as a
 * world event buffered with the call's other events, so it is written only if the call succeeds.
 */
export function createAttributesHandler(
  ctx: HostAttributesContext,
): (input: Json, active: { readonly effects: CallEffects; readonly newId: () => string }) => Json {
  const { deps } = ctx;
  const namespace = pluginNamespace(ctx.plugin);
  return (input, active) => {
    const kind = input.kind as PluginAttributeTarget;
    if (!kinds.includes(kind))
      throw new HoloError("invalid_argument", '"kind" must be character, location, exit or object.');
    const id = text(input.id, "id");
    if (input.op === "get") {
      ctx.require("attributes.read");
      const attributes = attributesNow(deps, active.effects, kind, id);
      if (input.name === undefined) return { attributes };
      return { value: attributes[attributeName(text(input.name, "name", 64))] ?? null };
    }
    if (input.op !== "set" && input.op !== "clear")
      throw new HoloError("invalid_argument", '"op" must be get, set or clear.');
    ctx.require("attributes.write");
    // Invariant: a plugin writes only under its own name, so another plugin's and the players' stay theirs.
    const name = attributeName(`${namespace}.${text(input.name, "name", 64)}`);
    const current = attributesNow(deps, active.effects, kind, id);
    if (input.op === "clear" && current[name] === undefined) return { name, cleared: false };
    ctx.quota(active.effects.events.length);
    const value = input.op === "set" ? text(input.value, "value", 8192) : undefined;
    if (value !== undefined) checkAttributeValue(value);
    const event: NewEvent = {
      id: active.newId(),
      stream: WORLD_STREAM,
      type: value === undefined ? "attribute_cleared" : "attribute_set",
      timestamp: deps.clock.now(),
      actor: { kind: "plugin", id: ctx.plugin },
      payload: value === undefined ? { kind, id, name } : { kind, id, name, value },
    };
    validateNewEvent(event);
    active.effects.events.push(event);
    return value === undefined ? { name, cleared: true } : { name };
  };
}
