import type { AccountStore } from "#core/accounts/account-store.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import { openPermissions } from "#core/policy/open-permissions.ts";
import type { Permissions } from "#core/policy/permissions.ts";
import type { WorldService } from "#core/world/world-service.ts";
import type { GameDeps } from "./game-deps.ts";

/** The name of the admin created at first start, whose character owns what no character made. */
const ADMIN_NAME = "admin";

/** The game's permissions over its stores: roles from the accounts, owners and flags from the world. */
export async function openGamePermissions(
  deps: Pick<GameDeps, "events" | "clock" | "log" | "config">,
  parts: {
    readonly append: AppendEvents;
    readonly world: WorldService;
    readonly accountStore: AccountStore;
    /** The attribute namespaces of the plugins loaded, once they are. */
    readonly pluginNamespaces: () => ReadonlySet<string>;
  },
): Promise<Permissions> {
  const { accountStore, world } = parts;
  let admin: string | undefined;
  return openPermissions({
    events: deps.events,
    append: parts.append,
    world: () => world.state(),
    async characterOf(id) {
      const character = await accountStore.getCharacter(id);
      if (!character) return undefined;
      const player = await accountStore.getPlayer(character.playerId);
      const role = player?.role ?? "player";
      return { id, role, createdAt: character.createdAt, locationId: character.locationId };
    },
    blocksOf: (id) => accountStore.listBlocks(id),
    pluginNamespaces: parts.pluginNamespaces,
    async admin() {
      admin ??= (await accountStore.findCharacterByName(ADMIN_NAME))?.id;
      return admin ?? ADMIN_NAME;
    },
    clock: deps.clock,
    log: deps.log.withTag("policy"),
    ...(deps.config.decisionCacheSize === undefined
      ? {}
      : { decisionCacheSize: deps.config.decisionCacheSize }),
  });
}
