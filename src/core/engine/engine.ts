import { locationStream, type StoredEvent } from "#core/events/event.ts";
import { createHelpIndex, type HelpIndex } from "#core/help/help-index.ts";
import { parseBuiltinHelp } from "#core/help/help-library.ts";
import { AUDIT_STREAM } from "#core/policy/permissions.ts";
import { helpFiles } from "#gen/help/help-files.ts";
import { HoloError, isHoloError } from "#shared/errors/holo-error.ts";
import { markup, playerText } from "#shared/markup/markup.ts";
import type { MetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import { builtinCommands } from "./builtin-commands.ts";
import {
  type Command,
  type CommandContext,
  type CommandFallback,
  type EngineResult,
  type ExternalCommands,
  reply,
} from "./command.ts";
import { type CommandDeps, characterEvent } from "./command-deps.ts";
import { createCommandRegistry } from "./command-registry.ts";
import { helpCommand } from "./commands/help-command.ts";
import { movementCommands } from "./commands/movement-commands.ts";
import { deniedText } from "./permissions.ts";

/** The longest line accepted, in UTF-8 bytes; longer ones never reach the store. */
export const MAX_LINE_BYTES = 4096;

/** The line for anything the engine does not understand. */
export const HUH = markup`Huh? (Type "help" for help.)`;

/**
 * A command's HoloError as the player's reply line, or undefined for the errors that are no refusal:
 * `unavailable` and `internal` (the store or the core failed) go on to the RPC layer, which says so.
 */
function refusalLine(error: unknown): string | undefined {
  if (!isHoloError(error) || error.code === "unavailable" || error.code === "internal") return undefined;
  return error.message;
}

/** Runs commands; every event is durable before a result is returned. */
export interface Engine {
  execute(context: CommandContext, line: string): Promise<EngineResult>;
  /** Appends "<name> has connected." or "has disconnected." to the character's location. */
  announce(context: CommandContext, kind: "connect" | "disconnect"): Promise<StoredEvent[]>;
  /** The registered commands, for `help` and the docs. */
  commands(): readonly Command[];
}

/** What the engine needs: what its commands are built with (CommandDeps), less what the engine makes itself. */
export interface EngineDeps
  extends Pick<
    CommandDeps,
    "append" | "world" | "presence" | "findCharacter" | "characterById" | "clock" | "permissions" | "activity"
  > {
  readonly metrics: MetricsRegistry;
  /** Commands registered beside the built-in ones (built from the same CommandDeps). */
  readonly extraCommands?: (deps: CommandDeps) => readonly Command[];
  /** Tried in order for lines the registry does not claim, before externalCommands. */
  readonly fallbacks?: (deps: CommandDeps) => readonly CommandFallback[];
  /** Commands outside the engine (plugins), for words neither the registry nor a fallback claims. */
  readonly externalCommands?: ExternalCommands;
  /** The help topics now (the game's library, which staff topics and reloads change); the built-in ones by default. */
  readonly help?: () => HelpIndex;
  /** Where room speech goes (the game routes it through scenes); by default, to the speaker's location. */
  readonly roomSpeech?: CommandDeps["roomSpeech"];
}

/** Creates the engine. The raw line is never stored or logged: it may hold a password. */
export function createEngine(deps: EngineDeps): Engine {
  const counted = deps.metrics.counter({
    name: "holomush_commands_total",
    help: "Commands handled, by command; unknown words are counted as 'unknown'.",
    labelNames: ["command"],
  });
  const { permissions } = deps;
  const event = characterEvent(deps.clock);
  const roomSpeech: CommandDeps["roomSpeech"] =
    deps.roomSpeech ??
    (async (ctx, build, guard) => {
      await guard();
      return deps.append([build(locationStream(ctx.character.locationId))]);
    });
  const commandDeps: CommandDeps = { ...deps, event, roomSpeech };
  const external = deps.externalCommands;
  const movement = movementCommands(commandDeps);
  const builtinHelp = deps.help ? undefined : createHelpIndex(parseBuiltinHelp(helpFiles));
  const help = helpCommand({
    index: deps.help ?? (() => builtinHelp as HelpIndex),
    entries: () => [...registry.list(), ...(external?.list() ?? [])],
  });
  const registry = createCommandRegistry([
    ...builtinCommands(commandDeps),
    ...movement.commands,
    ...(deps.extraCommands?.(commandDeps) ?? []),
    help,
  ]);
  const fallbacks = [movement.fallback, ...(deps.fallbacks?.(commandDeps) ?? [])];

  async function unclaimed(ctx: CommandContext, line: string, word: string, args: string) {
    for (const fallback of fallbacks) {
      const result = await fallback(ctx, line.trim());
      if (result) return { name: "fallback", result };
    }
    const result = await external?.run(ctx, word, args);
    return result ? { name: "external", result } : { name: "unknown", result: reply([HUH]) };
  }

  async function dispatch(ctx: CommandContext, line: string): Promise<EngineResult> {
    const resolved = registry.resolve(line);
    if (resolved.kind === "empty") return reply([]);
    if (resolved.kind === "unknown") {
      const { name, result } = await unclaimed(ctx, line, resolved.word, resolved.args);
      counted.inc({ command: name });
      return result;
    }
    const { command, args, word, switches } = resolved;
    counted.inc({ command: command.name });
    // A refusal is a plain line to the player (as the commands' own are); nothing runs, nothing is written.
    const decision = await permissions.decide(ctx, command.permission, { kind: "game" });
    if (!decision.allowed) return reply([playerText(deniedText[command.permission])]);
    const result = await command.run(ctx, args, { word, switches });
    const recorded = command.audit?.(args, { word, switches });
    if (recorded === undefined || result.events.length === 0) return result;
    // Invariant: written after the command's own events, and only when it changed something: a refusal throws
    // before this, and a form that only reads (ban/list, policy list) or found nothing to do appends nothing.
    const name = [command.name, ...switches].join("/");
    const staff = await deps.append([
      event(ctx, AUDIT_STREAM, "staff_action", { command: name, args: recorded.slice(0, 400) }),
    ]);
    return { ...result, events: [...result.events, ...staff] };
  }

  return {
    async execute(ctx, line) {
      if (Buffer.byteLength(line, "utf8") > MAX_LINE_BYTES) {
        throw new HoloError("invalid_argument", `That is too long: at most ${MAX_LINE_BYTES} bytes.`);
      }
      // Idle time restarts with every line typed, in memory: O(1), no store access.
      deps.activity.commanded(ctx.character.id);
      try {
        return await dispatch(ctx, line);
      } catch (error) {
        // Invariant: a refusal is thrown before anything is appended (world changes plan, then append), so the
        // player reads its reason and no command needs its own wrapper to say it.
        const refusal = refusalLine(error);
        if (refusal === undefined) throw error;
        // A refusal is plain text that may quote a stored name or the typed line: never markup.
        return reply([playerText(refusal)]);
      }
    },
    announce(ctx, kind) {
      return deps.append([
        event(ctx, locationStream(ctx.character.locationId), kind, { name: ctx.character.name }),
      ]);
    },
    commands: () => registry.list(),
  };
}
