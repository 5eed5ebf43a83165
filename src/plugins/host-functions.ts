import type { CallContext } from "@extism/extism";
import { type NewEvent, validateNewEvent } from "#core/events/event.ts";
import { describeError, type ErrorCode, HoloError, isHoloError } from "#shared/errors/holo-error.ts";
import type { NewId } from "#shared/util/ids.ts";
import { type CallEffects, kvRead } from "./call-effects.ts";
import { type CapabilitySet, hasCapability } from "./capabilities.ts";
import { HOST_NAMESPACE, KERNEL_NAMESPACE, METER_NAMESPACE } from "./host-api.ts";
import { createAttributesHandler } from "./host-attributes.ts";
import type { PluginHostDeps } from "./plugin-host-deps.ts";
import { sanitizePluginText } from "./sanitize-plugin-text.ts";

/** The call a plugin instance is running: its effects buffer and its deadline. */
export interface ActiveCall {
  readonly phase: "start" | "call";
  readonly effects: CallEffects;
  readonly deadline: number;
  timedOut: boolean;
  /** The ids of the call's events, in the order they are emitted, then its notices'. */
  readonly newId: NewId;
}

/** What the host functions of one plugin see. */
export interface HostFunctionContext {
  readonly plugin: string;
  readonly deps: PluginHostDeps;
  capabilities(): CapabilitySet;
  /** The plugin's trust profile, which capability policies may read. */
  profile(): string;
  active(): ActiveCall | undefined;
  kvCache(): ReadonlyMap<string, string>;
  onRefusal(capability: string): void;
}

type Json = Record<string, unknown>;

const encoder = new TextEncoder();
const maxRefusalsLoggedPerCall = 4;
type HostFn = (cc: CallContext, offset: bigint) => bigint;

/** Thrown inside a guest to abort its call; the host reads the reason from the effects, not from this. */
export class PluginAbort extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PluginAbort";
  }
}

const str = (v: unknown, field: string, max = 200): string => {
  if (typeof v !== "string" || v.length === 0 || v.length > max) {
    throw new HoloError("invalid_argument", `"${field}" must be a string of 1 to ${max} characters.`);
  }
  return v;
};

/** The import object for one plugin: checked host functions, the guarded kernel allocator and the meter. */
export function createHostFunctions(ctx: HostFunctionContext): Record<string, Record<string, unknown>> {
  const { deps } = ctx;
  const monotonic = deps.monotonic ?? (() => performance.now());
  const log = deps.log.withTag(`plugin:${ctx.plugin}`);

  const granted = createGrantMemo(ctx.capabilities);
  // Every capability a host call needs is a policy decision: what the trust config granted is its input, and
  // a stored policy may still forbid it.
  const require = (capability: string) => {
    const question = {
      plugin: ctx.plugin,
      profile: ctx.profile(),
      capability,
      granted: granted(capability),
    };
    if (deps.capabilities.allows(question)) return;
    ctx.onRefusal(capability);
    // A guest looping on a refused call would otherwise write an audit line per try; the metrics count them all.
    const effects = ctx.active()?.effects;
    if (effects === undefined || effects.refusalsLogged++ < maxRefusalsLoggedPerCall) {
      log.warn("plugin capability refused", { plugin: ctx.plugin, capability, audit: true });
      deps.capabilities.refused(question);
    }
    throw new HoloError("permission_denied", `The plugin lacks the capability "${capability}".`);
  };

  // Invariant: every byte placed in Extism's kernel memory during a call counts toward one per-call cap,
  // whether the guest asked for it (alloc) or a host function handed it over (its reply), so a guest cannot
  // grow the host by asking for the same value many times.
  const charge = (bytes: number): void => {
    const active = ctx.active();
    if (!active) return;
    active.effects.kernelBytes += bytes;
    if (active.effects.kernelBytes > deps.config.maxKernelBytesPerCall) {
      active.effects.violation ??= `allocated more than ${deps.config.maxKernelBytesPerCall} bytes of host memory`;
      throw new PluginAbort("host memory cap");
    }
  };

  const call = (): ActiveCall => {
    const a = ctx.active();
    if (a?.phase !== "call")
      throw new HoloError("failed_precondition", "Host functions work only inside a call.");
    return a;
  };

  const wrap =
    (handler: (input: Json, active: ActiveCall) => Json): HostFn =>
    (cc, offset) => {
      let reply: Json;
      try {
        const raw = cc.read(offset)?.text() ?? "";
        const input = JSON.parse(raw) as unknown;
        if (typeof input !== "object" || input === null || Array.isArray(input)) {
          throw new HoloError("invalid_argument", "The request must be a JSON object.");
        }
        reply = { ok: true, ...handler(input as Json, call()) };
      } catch (error) {
        if (error instanceof PluginAbort) throw error;
        const code: ErrorCode = isHoloError(error) ? error.code : "invalid_argument";
        reply = { ok: false, error: { code, message: describeError(error) } };
      }
      const bytes = encoder.encode(JSON.stringify(reply));
      charge(bytes.byteLength);
      return cc.store(bytes);
    };

  const quota = (active: ActiveCall, used: number, max: number, what: string) => {
    if (used >= max) {
      // The call has failed already (its effects are dropped), so it stops here: a guest that loops on the
      // refusal would otherwise spend its whole time budget, and the outcome would depend on the machine's load.
      active.effects.violation ??= `more than ${max} ${what} in one call`;
      throw new PluginAbort(`${what} quota`);
    }
  };

  const emit = wrap((input, active) => {
    const stream = str(input.stream, "stream");
    require(`events.emit.${stream}`);
    quota(active, active.effects.events.length, deps.config.maxEmitsPerCall, "emits");
    const payload = input.payload ?? {};
    const event: NewEvent = {
      id: active.newId(),
      stream,
      type: str(input.type, "type", 64),
      timestamp: deps.clock.now(),
      actor: { kind: "plugin", id: ctx.plugin },
      payload: payload as Record<string, unknown>,
    };
    validateNewEvent(event);
    active.effects.events.push(event);
    return { id: event.id };
  });

  const notify = wrap((input, active) => {
    require("char.notify");
    const characterId = str(input.characterId, "characterId");
    quota(active, active.effects.notices.length, deps.config.maxNotifiesPerCall, "notifications");
    if (typeof input.text !== "string") throw new HoloError("invalid_argument", '"text" must be a string.');
    active.effects.notices.push({ characterId, text: sanitizePluginText(input.text) });
    return {};
  });

  const world = wrap((input) => {
    require("world.read");
    switch (input.query) {
      case "location_of":
        return { locationId: deps.world.locationOf(str(input.characterId, "characterId")) ?? null };
      case "location":
        return { location: deps.world.location(str(input.locationId, "locationId")) ?? null };
      case "characters_in":
        return { characters: deps.world.charactersIn(str(input.locationId, "locationId")) };
      case "character_by_name":
        return { character: deps.world.characterByName(str(input.name, "name")) ?? null };
      default:
        throw new HoloError(
          "invalid_argument",
          '"query" must be location_of, location, characters_in or character_by_name.',
        );
    }
  });

  const kv = wrap((input, active) => {
    require("fs.data");
    const key = str(input.key, "key", 128);
    const cache = ctx.kvCache();
    switch (input.op) {
      case "get":
        return { value: kvRead(cache, active.effects, key) ?? null };
      case "set": {
        const value = str(input.value, "value", 4096);
        // Invariant: pending changes hold at most maxKvKeys new keys besides the cached ones they change.
        if (
          kvRead(cache, active.effects, key) === undefined &&
          cache.size + active.effects.kv.size >= deps.config.maxKvKeys
        ) {
          throw new HoloError("resource_exhausted", `At most ${deps.config.maxKvKeys} keys per plugin.`);
        }
        active.effects.kv.set(key, value);
        return {};
      }
      case "delete":
        // Deleting a key that has no value changes nothing, so it takes no room in the pending changes.
        if (kvRead(cache, active.effects, key) !== undefined) active.effects.kv.set(key, undefined);
        return {};
      default:
        throw new HoloError("invalid_argument", '"op" must be get, set or delete.');
    }
  });

  const attributes = wrap(
    createAttributesHandler({
      plugin: ctx.plugin,
      deps,
      require,
      quota: (used) => quota(call(), used, deps.config.maxEmitsPerCall, "emits"),
    }),
  );

  const logFn = wrap((input, active) => {
    quota(active, active.effects.logLines, deps.config.maxLogLinesPerCall, "log lines");
    active.effects.logLines++;
    const message = sanitizePluginText(typeof input.message === "string" ? input.message : "", 1000);
    const level =
      input.level === "warn" || input.level === "error" || input.level === "debug" ? input.level : "info";
    log[level](message, { plugin: ctx.plugin });
    return {};
  });

  // Invariant: the kernel's own allocator has no cap, so a guest could make the host allocate 50 MiB; this one has.
  const alloc = (cc: CallContext, size: bigint): bigint => {
    const n = Number(size);
    charge(n);
    return cc.alloc(n);
  };

  const refuel = (): number => {
    const active = ctx.active();
    if (!active || monotonic() > active.deadline) {
      if (active) active.timedOut = true;
      throw new PluginAbort("call budget spent");
    }
    return deps.config.fuelChunk;
  };

  return {
    [HOST_NAMESPACE]: {
      holomush_emit: emit,
      holomush_notify: notify,
      holomush_world: world,
      holomush_kv: kv,
      holomush_attributes: attributes,
      holomush_log: logFn,
    },
    [KERNEL_NAMESPACE]: { alloc },
    [METER_NAMESPACE]: { refuel },
  };
}

/**
 * Whether the plugin's capability set (its trust config) covers a capability, remembered per capability until
 * the set is replaced (a reload): the glob match compiles a pattern per entry, and a host call repeats it.
 */
export function createGrantMemo(set: () => CapabilitySet): (capability: string) => boolean {
  let of = set();
  const memo = new Map<string, boolean>();
  return (capability) => {
    const now = set();
    if (now !== of) {
      of = now;
      memo.clear();
    }
    let known = memo.get(capability);
    if (known === undefined) {
      known = hasCapability(now, capability);
      // Scopes hold ids, so the capabilities asked are many: start again rather than grow.
      if (memo.size >= 1024) memo.clear();
      memo.set(capability, known);
    }
    return known;
  };
}
