import type { CommandContext, EngineResult, ExternalCommands } from "#core/engine/command.ts";
import { reply } from "#core/engine/command.ts";
import type { Permissions } from "#core/policy/permissions.ts";
import { HoloError, isHoloError } from "#shared/errors/holo-error.ts";
import { type Markup, markup, playerText } from "#shared/markup/markup.ts";
import type { CorePluginInfo, CorePlugins } from "./core-plugins.ts";
import type { PluginWorldModel } from "./plugin-world-model.ts";

/** What the plugin commands run on. */
export interface PluginCommandsDeps {
  readonly plugins: CorePlugins;
  readonly world: PluginWorldModel;
  /** Operating plugins (`configure` on the game) and running a plugin's commands (`run` on the plugin). */
  readonly permissions: Permissions;
}

/** The admin command that operates plugins. */
export const PLUGIN_ADMIN_COMMAND = {
  name: "plugin",
  help: "plugin list|reload [<name>]|disable <name>|enable <name> - operate plugins (admins only)",
} as const;

// Invariant: command output reaches the gateway as trusted markup, so every plugin's text (reply, name,
// reason) goes through the markup helper: sanitised and escaped, on top of the host's own stripping.
/** A plugin in one line of plain text: name, version, state, origin and commands. */
const summary = (p: CorePluginInfo): string => {
  const commands = p.commands.length > 0 ? `; commands: ${p.commands.join(", ")}` : "";
  const state = p.state === "enabled" ? "enabled" : `disabled (${p.reason ?? "by an admin"})`;
  return `${p.name} ${p.version} - ${state} - ${p.origin}${commands}`;
};
const describe = (p: CorePluginInfo): Markup => markup`  ${summary(p)}`;

async function admin(plugins: CorePlugins, args: string): Promise<EngineResult> {
  const [verb = "", name, ...rest] = args.split(/\s+/).filter(Boolean);
  if (rest.length > 0) return reply([markup`Usage: ${PLUGIN_ADMIN_COMMAND.help}`]);
  switch (verb.toLowerCase()) {
    case "list": {
      const all = plugins.list();
      return reply(
        all.length === 0 ? [markup`No plugins are loaded.`] : [markup`Plugins:`, ...all.map(describe)],
      );
    }
    case "reload": {
      const done = await plugins.reload(name);
      return reply([
        markup`Reloaded ${done.length === 1 ? "1 plugin" : `${done.length} plugins`}:`,
        ...done.map(describe),
      ]);
    }
    case "disable":
    case "enable": {
      if (!name) return reply([markup`Usage: plugin ${verb} <name>`]);
      const p = verb === "disable" ? await plugins.disable(name) : await plugins.enable(name);
      return reply([markup`${summary(p)}`]);
    }
    default:
      return reply([markup`Usage: ${PLUGIN_ADMIN_COMMAND.help}`]);
  }
}

/**
 * A disabled or failed plugin is that plugin's trouble, not the core's: the player reads the host's line as a
 * refusal. Left as `unavailable`, it would make the gateway wait for a core restart and send the line again.
 */
function pluginFailure(error: unknown): never {
  if (isHoloError(error, "unavailable"))
    throw new HoloError("failed_precondition", error.message, { cause: error });
  throw error;
}

/**
 * The engine's extension point for plugins: the commands plugins register, and `plugin …` for admins.
 * Plugin events are appended by the host itself; the result carries only the plugin's reply.
 */
export function createPluginCommands(deps: PluginCommandsDeps): ExternalCommands {
  const { plugins } = deps;
  return {
    async run(ctx: CommandContext, word: string, args: string) {
      if (word === PLUGIN_ADMIN_COMMAND.name) {
        await deps.permissions.require(
          ctx,
          "configure",
          { kind: "game" },
          "Only admins may operate plugins.",
        );
        return admin(plugins, args);
      }
      // A disabled plugin's command still reaches the host, which says the plugin is disabled.
      const owner = plugins.list().find((p) => p.commands.includes(word));
      if (!owner) return undefined;
      const refusal = `You may not use the ${owner.name} plugin's commands.`;
      await deps.permissions.require(ctx, "run", { kind: "plugin", name: owner.name }, refusal);
      await Promise.all([deps.world.refresh(), deps.world.learn(args.split(/[^A-Za-z0-9_-]+/))]);
      const result = await plugins
        .runCommand({
          command: word,
          args,
          character: { id: ctx.character.id, name: ctx.character.name },
          locationId: ctx.character.locationId,
          // Invariant: the engine's ids for this (session, connection, sequence), so a retry re-appends them.
          newId: ctx.newId,
        })
        .catch(pluginFailure);
      if (result === undefined) return undefined;
      // A plugin's reply may span lines; it stays plain text.
      return reply(result.reply ? [playerText(result.reply, { newlines: true })] : []);
    },
    list: () => [
      PLUGIN_ADMIN_COMMAND,
      // Plain text: `help` escapes it as it does every help line.
      ...plugins.commands().map((c) => ({ name: c.name, help: c.help })),
    ],
  };
}
