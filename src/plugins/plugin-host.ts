import type { StoredEvent } from "#core/events/event.ts";
import type {
  CorePluginCommandCall,
  CorePluginInfo,
  CorePluginStats,
} from "#core/plugin-bridge/core-plugins.ts";
import { describeError, HoloError } from "#shared/errors/holo-error.ts";
import { globMatches, hasCapability } from "./capabilities.ts";
import { guestExports } from "./host-api.ts";
import type { PluginHostDeps } from "./plugin-host-deps.ts";
import { createPluginSlot, type PluginSlot, prepareRecord } from "./plugin-slot.ts";
import type { PluginSource } from "./plugin-source.ts";
import type { CallOutcome } from "./run-guest-call.ts";
import { sanitizePluginText } from "./sanitize-plugin-text.ts";

/** A registered command, for help and dispatch. */
export interface RegisteredCommand {
  readonly name: string;
  readonly help: string;
  readonly plugin: string;
}

/** The plugin host: loads plugins, feeds them events and commands, and operates them. */
export interface PluginHost extends AsyncDisposable {
  /** Checks, instruments and starts a plugin, then registers it. Throws HoloError when refused. */
  load(source: PluginSource): Promise<CorePluginInfo>;
  /** Loads each source; a refused one is logged and skipped. */
  loadAll(sources: readonly PluginSource[]): Promise<CorePluginInfo[]>;
  /** Swaps in a new module after the calls queued before it; keeps the old one if the new one fails. */
  reload(name: string, source: PluginSource): Promise<CorePluginInfo>;
  disable(name: string): Promise<CorePluginInfo>;
  enable(name: string): Promise<CorePluginInfo>;
  list(): CorePluginInfo[];
  commands(): RegisteredCommand[];
  /** Delivers a committed event to every subscribed plugin; resolves when they have all handled it. Never rejects. */
  deliverEvent(event: StoredEvent): Promise<void>;
  /**
   * Runs a plugin command. Resolves undefined when no plugin registered it, or with the reply for the caller;
   * rejects with a HoloError whose message can be shown to the player when nothing happened.
   */
  runCommand(call: CorePluginCommandCall): Promise<{ reply?: string } | undefined>;
  metrics(): CorePluginStats[];
}

/** What `plugin list` and /status show about one plugin. */
function info(slot: PluginSlot): CorePluginInfo {
  const r = slot.record();
  const state = slot.state();
  return {
    name: slot.name,
    version: r.manifest.version,
    origin: r.source.origin,
    state: state.kind,
    ...(state.kind === "disabled" ? { reason: state.reason } : {}),
    commands: r.manifest.commands.map((c) => c.name),
  };
}

function subscribed(slot: PluginSlot, event: StoredEvent, deps: PluginHostDeps): boolean {
  const r = slot.record();
  // Invariant: a plugin never receives its own events, so it cannot feed itself in a loop.
  if (event.actor.kind === "plugin" && event.actor.id === slot.name) return false;
  const wanted = r.manifest.subscriptions.some(
    (s) =>
      (s.types.includes(event.type) || s.types.includes("*")) &&
      s.streams.some((p) => globMatches(p, event.stream)),
  );
  if (!wanted) return false;
  // Through the policies like a host call, but a refusal is not audited: it would be one per event.
  const capability = `events.subscribe.${event.stream}`;
  const granted = hasCapability(r.capabilities, capability);
  return deps.capabilities.allows({ plugin: slot.name, profile: r.profile, capability, granted });
}

function commandError(plugin: string, outcome: Extract<CallOutcome, { kind: "failed" }>): HoloError {
  switch (outcome.reason) {
    case "plugin_error":
      return new HoloError("failed_precondition", sanitizePluginText(outcome.message, 500));
    case "timeout":
      return new HoloError("deadline_exceeded", `The ${plugin} plugin took too long; nothing happened.`);
    case "disabled":
      return new HoloError("unavailable", `The ${plugin} plugin is disabled.`);
    case "busy":
      return new HoloError("resource_exhausted", `The ${plugin} plugin is busy; try again.`);
    default:
      return new HoloError("unavailable", `The ${plugin} plugin failed; nothing happened.`);
  }
}

/** A 32-bit call seed from an id (FNV-1a), so a command re-run with the same ids gets the same seed. */
export function seedFromId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Creates the plugin host. Hold it with `await using`. */
export function createPluginHost(deps: PluginHostDeps): PluginHost {
  const log = deps.log.withTag("plugins");
  const slots = new Map<string, PluginSlot>();
  const seed = deps.seed ?? (() => crypto.getRandomValues(new Uint32Array(1))[0] ?? 0);
  const slot = (name: string): PluginSlot => {
    const s = slots.get(name);
    if (!s) throw new HoloError("not_found", `There is no plugin called "${name}".`);
    return s;
  };
  const ownerOf = (command: string): PluginSlot | undefined =>
    [...slots.values()].find((s) => s.record().manifest.commands.some((c) => c.name === command));

  const checkCommands = (source: PluginSource) => {
    for (const c of source.manifest.commands) {
      const owner = ownerOf(c.name);
      if (owner && owner.name !== source.manifest.name) {
        throw new HoloError(
          "already_exists",
          `The command "${c.name}" is already registered by "${owner.name}".`,
        );
      }
    }
  };

  const host: PluginHost = {
    async load(source) {
      const name = source.manifest.name;
      if (slots.has(name))
        throw new HoloError("already_exists", `A plugin called "${name}" is already loaded.`);
      checkCommands(source);
      const s = createPluginSlot(await prepareRecord(source, deps), deps);
      try {
        await s.start();
      } catch (error) {
        await s.close();
        throw new HoloError(
          "failed_precondition",
          `Plugin "${name}" failed to start: ${describeError(error)}`,
          {
            cause: error,
          },
        );
      }
      slots.set(name, s);
      log.info("plugin loaded", { plugin: name, version: source.manifest.version, origin: source.origin });
      return info(s);
    },
    async loadAll(sources) {
      const loaded: CorePluginInfo[] = [];
      for (const source of sources) {
        try {
          loaded.push(await host.load(source));
        } catch (error) {
          log.warn("plugin refused", {
            plugin: source.manifest.name,
            origin: source.origin,
            error: describeError(error),
          });
        }
      }
      return loaded;
    },
    async reload(name, source) {
      const s = slot(name);
      if (source.manifest.name !== name)
        throw new HoloError("invalid_argument", `The new manifest names "${source.manifest.name}".`);
      checkCommands(source);
      await s.replace(source);
      log.info("plugin reloaded", { plugin: name, version: source.manifest.version });
      return info(s);
    },
    async disable(name) {
      await slot(name).disable("disabled by an admin");
      return info(slot(name));
    },
    async enable(name) {
      await slot(name).enable();
      return info(slot(name));
    },
    list: () => [...slots.values()].map(info),
    commands: () =>
      [...slots.values()]
        .filter((s) => s.state().kind === "enabled")
        .flatMap((s) =>
          s.record().manifest.commands.map((c) => ({ name: c.name, help: c.help, plugin: s.name })),
        ),
    async deliverEvent(event) {
      const targets = [...slots.values()].filter(
        (s) => s.state().kind === "enabled" && subscribed(s, event, deps),
      );
      await Promise.all(
        targets.map(async (s) => {
          const outcome = await s.call(guestExports.event, { event, seed: seed() });
          if (outcome.kind === "failed" && outcome.reason === "busy")
            log.warn("plugin event dropped", { plugin: s.name });
        }),
      );
    },
    async runCommand({ newId, ...call }) {
      const s = ownerOf(call.command);
      if (!s) return undefined;
      const callSeed = newId ? seedFromId(newId()) : seed();
      const outcome = await s.call(guestExports.command, { ...call, seed: callSeed }, newId);
      if (outcome.kind === "failed") throw commandError(s.name, outcome);
      const reply = outcome.output.reply;
      return typeof reply === "string" ? { reply: sanitizePluginText(reply) } : {};
    },
    metrics: () => [...slots.values()].map((s) => s.metrics()),
    async [Symbol.asyncDispose]() {
      await Promise.all([...slots.values()].map((s) => s.close()));
      slots.clear();
    },
  };
  return host;
}
