import type { AccountStore, Character } from "#core/accounts/account-store.ts";
import type { ExternalCommands } from "#core/engine/command.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import type { EventStore } from "#core/events/event-store.ts";
import type { Permissions } from "#core/policy/permissions.ts";
import { pluginNamespace } from "#core/world/attribute-rules.ts";
import type { WorldService } from "#core/world/world-service.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import type { CorePlugins, CorePluginsFactory, PluginDataStore } from "./core-plugins.ts";
import { createPluginCommands } from "./plugin-commands.ts";
import { startPluginFeed } from "./plugin-feed.ts";
import { createPluginPorts } from "./plugin-ports.ts";
import { createPluginWorldModel } from "./plugin-world-model.ts";

/** What the game lends its plugins. */
export interface GamePluginsLinkDeps {
  readonly factory: CorePluginsFactory;
  readonly kv: PluginDataStore;
  readonly events: EventStore;
  /** Events committed after this position are delivered. */
  readonly afterPosition: number;
  readonly append: AppendEvents;
  readonly accounts: AccountStore;
  /** The world projection plugins read. */
  readonly world: WorldService;
  readonly presence: () => Promise<readonly Character[]>;
  readonly clock: Clock;
  readonly newId: NewId;
  readonly log: Logger;
  /** The game's permission checks, which plugin commands go through. */
  readonly permissions: Permissions;
}

/** The running plugins inside a game: the host, its commands for the engine, and its event feed. */
export interface GamePluginsLink extends AsyncDisposable {
  readonly plugins: CorePlugins;
  readonly commands: ExternalCommands;
  /** The attribute namespaces of the plugins loaded (`DICE` for `dice`), enabled or not. */
  namespaces(): ReadonlySet<string>;
}

/** Starts the plugins over the game's stores and feeds them committed events; dispose stops both. */
export async function linkGamePlugins(deps: GamePluginsLinkDeps): Promise<GamePluginsLink> {
  const world = createPluginWorldModel({
    state: () => deps.world.state(),
    presence: deps.presence,
    findCharacter: (name) => deps.accounts.findCharacterByName(name),
  });
  await world.refresh();
  const host = await deps.factory(
    createPluginPorts({
      append: deps.append,
      accounts: deps.accounts,
      presence: deps.presence,
      world,
      syncWorld: () => deps.world.sync(),
      permissions: deps.permissions,
      kv: deps.kv,
      clock: deps.clock,
      newId: deps.newId,
      log: deps.log,
    }),
  );
  // Only a load changes the names (a reload may add a plugin), so the set is worked out again after one.
  let namespaces = namespacesOf(host);
  const plugins: CorePlugins = {
    ...host,
    async reload(name) {
      try {
        return await host.reload(name);
      } finally {
        namespaces = namespacesOf(host);
      }
    },
    [Symbol.asyncDispose]: () => host[Symbol.asyncDispose](),
  };
  const feed = startPluginFeed({
    events: deps.events,
    afterPosition: deps.afterPosition,
    plugins,
    world,
    log: deps.log,
  });
  return {
    plugins,
    commands: createPluginCommands({ plugins, world, permissions: deps.permissions }),
    namespaces: () => namespaces,
    async [Symbol.asyncDispose]() {
      await feed[Symbol.asyncDispose]();
      await plugins[Symbol.asyncDispose]();
    },
  };
}

function namespacesOf(plugins: CorePlugins): ReadonlySet<string> {
  return new Set(plugins.list().map((p) => pluginNamespace(p.name)));
}
