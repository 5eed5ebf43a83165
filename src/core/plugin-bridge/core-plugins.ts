import type { NewEvent, StoredEvent } from "#core/events/event.ts";
import type { CapabilityQuestion } from "#core/policy/plugin-capabilities.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";

// The narrow seam between the core and the plugin host. The core may not import src/plugins
// (test/architecture.test.ts), so it names what it needs here and src/commands joins the two. The plugin
// host imports these types rather than keeping copies, so the two sides cannot drift apart.

/** One change to a plugin's key-value data: a value to set, or undefined to delete. */
export interface PluginDataChange {
  readonly key: string;
  readonly value: string | undefined;
}

/** Plugins' key-value data (`fs.data`), one namespace per plugin; persisted by the store adapters. */
export interface PluginDataStore {
  get(plugin: string, key: string): Promise<string | undefined>;
  set(plugin: string, key: string, value: string): Promise<void>;
  delete(plugin: string, key: string): Promise<void>;
  /** Every entry of one plugin. */
  entries(plugin: string): Promise<ReadonlyMap<string, string>>;
  /** Applies all changes, in order, atomically. */
  apply(plugin: string, changes: readonly PluginDataChange[]): Promise<void>;
}

/** A character as plugins see it. */
export interface PluginWorldCharacter {
  readonly id: string;
  readonly name: string;
  readonly locationId?: string;
  /** Whether the character has a connected session now. */
  readonly online: boolean;
}

/** A location as plugins see it. */
export interface PluginWorldLocation {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
}

/** What plugins may read and write attributes on. */
export type PluginAttributeTarget = "character" | "location" | "exit" | "object";

/**
 * Synchronous world reads for plugins (a wasm call cannot await), served from the world projection:
 * every location and every character it knows, online or not; charactersIn lists connected ones.
 */
export interface PluginWorldReads {
  locationOf(characterId: string): string | undefined;
  location(id: string): PluginWorldLocation | undefined;
  charactersIn(locationId: string): readonly PluginWorldCharacter[];
  characterByName(name: string): PluginWorldCharacter | undefined;
  /** The attributes of a thing by upper-case name; undefined when there is no such thing. */
  attributes(kind: PluginAttributeTarget, id: string): Readonly<Record<string, string>> | undefined;
}

/** A plugin's capability checks, through the game's policy engine. */
export interface PluginCapabilityPolicy {
  /** Whether the policies let the plugin use the capability; synchronous and cached (a host call cannot await). */
  allows(question: CapabilityQuestion): boolean;
  /** Writes a refusal to the audit stream, by the plugin; never throws (a failure is logged). */
  refused(question: CapabilityQuestion): void;
}

/** What the core lends the plugin host. */
export interface CorePluginPorts {
  /** Appends all events atomically, or none, with the engine's metrics; world ones are applied before it resolves. */
  readonly appendEvents: (events: readonly NewEvent[]) => Promise<void>;
  /** Every capability check of a host call or an event delivery. */
  readonly capabilities: PluginCapabilityPolicy;
  /** Appends a notice from `plugin` to the character's stream, with event id `id` (a new one if absent). */
  readonly notify: (characterId: string, text: string, plugin?: string, id?: string) => Promise<void>;
  readonly world: PluginWorldReads;
  readonly kv: PluginDataStore;
  /** Tells every admin online (and the log); never throws. */
  readonly adminNotice: (text: string) => void;
  readonly clock: Clock;
  readonly newId: NewId;
  readonly log: Logger;
}

/** A loaded plugin, for `plugin list` and /status. */
export interface CorePluginInfo {
  readonly name: string;
  readonly version: string;
  readonly origin: string;
  readonly state: "enabled" | "disabled";
  readonly reason?: string;
  readonly commands: readonly string[];
}

/** A plugin's call counters, for /status and /metrics. */
export interface CorePluginStats {
  readonly plugin: string;
  readonly state: "enabled" | "disabled";
  readonly calls: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly refusals: number;
  readonly droppedEvents: number;
  readonly restarts: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** A plugin command typed by a character. */
export interface CorePluginCommandCall {
  readonly command: string;
  /** Everything after the command word, as typed. */
  readonly args: string;
  readonly character: { readonly id: string; readonly name: string };
  readonly locationId: string;
  /**
   * The command's event ids, derived from its seed (derivedIds): a re-run after a crash draws the same
   * ids, so the store's idempotent append keeps the plugin's effect to once; the call's seed is drawn
   * from it too, so the re-run rolls the same dice. Fresh ids and a random seed when absent.
   */
  readonly newId?: NewId;
}

/** The running plugins, as the core drives them. */
export interface CorePlugins extends AsyncDisposable {
  /** Queues a committed event for every subscribed plugin; resolves when they have handled it. Never rejects. */
  deliver(event: StoredEvent): Promise<void>;
  /** Undefined when no plugin registered the command; rejects with a HoloError to show the player. */
  runCommand(call: CorePluginCommandCall): Promise<{ readonly reply?: string } | undefined>;
  /** The commands of enabled plugins. */
  commands(): readonly { readonly name: string; readonly help: string }[];
  list(): readonly CorePluginInfo[];
  /** Re-reads the plugin sources and swaps in new modules; `name` limits it to one plugin. */
  reload(name?: string): Promise<readonly CorePluginInfo[]>;
  disable(name: string): Promise<CorePluginInfo>;
  enable(name: string): Promise<CorePluginInfo>;
  stats(): readonly CorePluginStats[];
}

/** Builds the plugins once the core's ports exist; src/commands supplies it. */
export type CorePluginsFactory = (ports: CorePluginPorts) => Promise<CorePlugins>;
