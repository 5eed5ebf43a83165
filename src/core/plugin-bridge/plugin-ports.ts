import type { AccountStore, Character } from "#core/accounts/account-store.ts";
import { charStream, type NewEvent, WORLD_STREAM } from "#core/events/event.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import type { Permissions } from "#core/policy/permissions.ts";
import { describeError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import type { CorePluginPorts, PluginDataStore } from "./core-plugins.ts";
import type { PluginWorldModel } from "./plugin-world-model.ts";

/** The event type of a plugin's or the host's message to one character; rendered as untrusted text. */
export const NOTICE_EVENT = "notice";

/** What the ports are built from. */
export interface PluginPortsDeps {
  readonly append: AppendEvents;
  readonly accounts: AccountStore;
  readonly presence: () => Promise<readonly Character[]>;
  readonly world: PluginWorldModel;
  /** Applies world events committed since the projection last did (a plugin's attribute writes). */
  readonly syncWorld: () => Promise<void>;
  /** Plugins' capability checks and their audit go through the game's permissions. */
  readonly permissions: Permissions;
  readonly kv: PluginDataStore;
  readonly clock: Clock;
  readonly newId: NewId;
  readonly log: Logger;
}

/** Builds the ports the core lends the plugin host. */
export function createPluginPorts(deps: PluginPortsDeps): CorePluginPorts {
  const notice = (characterId: string, text: string, actor: NewEvent["actor"], id?: string): NewEvent => ({
    id: id ?? deps.newId(),
    stream: charStream(characterId),
    type: NOTICE_EVENT,
    timestamp: deps.clock.now(),
    actor,
    payload: { text },
  });
  const tellAdmins = async (text: string) => {
    const online = await deps.presence();
    const players = await Promise.all(online.map((c) => deps.accounts.getPlayer(c.playerId)));
    const admins = online.filter((_, i) => players[i]?.role === "admin");
    if (admins.length === 0) return;
    await deps.append(admins.map((c) => notice(c.id, text, { kind: "system", id: "plugins" })));
  };
  return {
    appendEvents: async (events) => {
      await deps.append(events);
      // A plugin's attribute writes are read back by the next call and decision, so apply them now.
      if (events.some((e) => e.stream === WORLD_STREAM)) await deps.syncWorld();
    },
    capabilities: {
      allows: (question) => deps.permissions.pluginCapability(question).allowed,
      refused(question) {
        const decision = deps.permissions.pluginCapability(question);
        deps.permissions
          .auditCapability(question, decision, deps.newId())
          .catch((error: unknown) =>
            deps.log.warn("could not audit a plugin refusal", { error: describeError(error) }),
          );
      },
    },
    notify: async (characterId, text, plugin, id) => {
      await deps.append([notice(characterId, text, { kind: "plugin", id: plugin ?? "plugins" }, id)]);
    },
    world: deps.world,
    kv: deps.kv,
    adminNotice: (text) => {
      deps.log.warn(text);
      tellAdmins(text).catch((error: unknown) =>
        deps.log.warn("could not tell admins", { error: describeError(error) }),
      );
    },
    clock: deps.clock,
    newId: deps.newId,
    log: deps.log,
  };
}
