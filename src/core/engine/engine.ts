import type { Role } from "#core/accounts/account-rules.ts";
import type { Character } from "#core/accounts/account-store.ts";
import { charStream, locationStream, type NewEvent, type StoredEvent } from "#core/events/event.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { MetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import type { AppendEvents } from "./event-appender.ts";
import { helpText } from "./help-text.ts";
import { type CommandName, commandNames, parseCommand } from "./parse-command.ts";
import { may } from "./permissions.ts";
import type { World } from "./world.ts";

/** The longest line accepted, in UTF-8 bytes; longer ones never reach the store. */
export const MAX_LINE_BYTES = 4096;

/** The line for anything the engine does not understand. */
export const HUH = 'Huh? (Type "help" for help.)';

/** A character in the game now, for `who` and `look`. */
export interface PresentCharacter {
  readonly id: string;
  readonly name: string;
  readonly locationId: string;
}

/** Who runs a command, and the ids its events get. */
export interface CommandContext {
  readonly character: Character;
  readonly role: Role;
  readonly newId: NewId;
}

/** What a command did: output for the issuing connection, its durable events, and whether to detach. */
export interface EngineResult {
  readonly output: readonly string[];
  readonly events: readonly StoredEvent[];
  readonly detach: boolean;
}

/** Runs commands; every event is durable before a result is returned. */
export interface Engine {
  execute(context: CommandContext, line: string): Promise<EngineResult>;
  /** Appends "<name> has connected." or "has disconnected." to the character's location. */
  announce(context: CommandContext, kind: "connect" | "disconnect"): Promise<StoredEvent[]>;
}

/** What the engine needs. */
export interface EngineDeps {
  readonly append: AppendEvents;
  readonly world: World;
  /** The characters with a live session now. */
  readonly presence: () => Promise<readonly PresentCharacter[]>;
  readonly clock: Clock;
  readonly metrics: MetricsRegistry;
}

/** Creates the engine. The raw line is never stored or logged: it may hold a password. */
export function createEngine(deps: EngineDeps): Engine {
  const commands = deps.metrics.counter({
    name: "holomush_commands_total",
    help: "Commands handled, by command; unknown words are counted as 'unknown'.",
    labelNames: ["command"],
  });

  const event = (
    ctx: CommandContext,
    stream: string,
    type: string,
    payload: Record<string, unknown>,
  ): NewEvent => ({
    id: ctx.newId(),
    stream,
    type,
    timestamp: deps.clock.now(),
    actor: { kind: "character", id: ctx.character.id },
    payload,
  });
  const done = (output: string[], events: StoredEvent[] = [], detach = false): EngineResult => ({
    output,
    events,
    detach,
  });
  const room = (ctx: CommandContext) => locationStream(ctx.character.locationId);

  async function look(ctx: CommandContext): Promise<EngineResult> {
    const location = await deps.world.getLocation(ctx.character.locationId);
    const present = (await deps.presence())
      .filter((c) => c.locationId === ctx.character.locationId)
      .map((c) => c.name)
      .sort((a, b) => a.localeCompare(b));
    const payload = {
      location: location?.name ?? "Nowhere",
      description: location?.description ?? "You are nowhere at all.",
      present,
    };
    return done([], await deps.append([event(ctx, charStream(ctx.character.id), "look", payload)]));
  }

  async function speak(ctx: CommandContext, name: CommandName, args: string): Promise<EngineResult> {
    const name_ = ctx.character.name;
    switch (name) {
      case "say":
        if (!args) return done(["Say what?"]);
        return done([], await deps.append([event(ctx, room(ctx), "say", { name: name_, text: args })]));
      case "pose":
      case "semipose":
        if (!args) return done(["Pose what?"]);
        return done(
          [],
          await deps.append([
            event(ctx, room(ctx), "pose", { name: name_, text: args, semipose: name === "semipose" }),
          ]),
        );
      default:
        if (!may(ctx.role, "emit")) throw new HoloError("permission_denied", "Only admins may emit.");
        if (!args) return done(["Emit what?"]);
        return done([], await deps.append([event(ctx, room(ctx), "emit", { text: args })]));
    }
  }

  async function who(): Promise<EngineResult> {
    const names = [...new Set((await deps.presence()).map((c) => c.name))].sort((a, b) => a.localeCompare(b));
    const count = names.length === 1 ? "1 character is" : `${names.length} characters are`;
    return done([...names.map((n) => `  ${n}`), `${count} connected.`]);
  }

  function help(args: string): EngineResult {
    if (!args) return done(["Commands:", ...commandNames.map((c) => `  ${helpText[c]}`)]);
    const parsed = parseCommand(args);
    if (parsed.kind !== "command") return done([`There is no help on "${args}".`]);
    return done([helpText[parsed.name]]);
  }

  return {
    async execute(ctx, line) {
      if (Buffer.byteLength(line, "utf8") > MAX_LINE_BYTES) {
        throw new HoloError("invalid_argument", `That is too long: at most ${MAX_LINE_BYTES} bytes.`);
      }
      const parsed = parseCommand(line);
      if (parsed.kind === "empty") return done([]);
      commands.inc({ command: parsed.kind === "unknown" ? "unknown" : parsed.name });
      if (parsed.kind === "unknown") return done([HUH]);
      switch (parsed.name) {
        case "look":
          return look(ctx);
        case "who":
          return who();
        case "help":
          return help(parsed.args);
        case "quit":
          return done(["Goodbye. Your session will wait for you."], [], true);
        default:
          return speak(ctx, parsed.name, parsed.args);
      }
    },
    announce(ctx, kind) {
      return deps.append([event(ctx, room(ctx), kind, { name: ctx.character.name })]);
    },
  };
}
