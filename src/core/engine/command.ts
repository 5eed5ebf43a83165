import type { Role } from "#core/accounts/account-rules.ts";
import type { Character } from "#core/accounts/account-store.ts";
import type { StoredEvent } from "#core/events/event.ts";
import type { PolicyAction } from "#core/policy/policy-engine.ts";
import type { Markup } from "#shared/markup/markup.ts";
import type { NewId } from "#shared/util/ids.ts";
import type { CommandAction } from "./permissions.ts";

/** Who runs a command, and the ids its events get. */
export interface CommandContext {
  readonly character: Character;
  readonly role: Role;
  readonly newId: NewId;
}

/**
 * What a command did: output for the issuing connection, its durable events, and whether to detach. The output
 * is server markup the gateway sends as trusted, so it is `Markup`: built with the `markup` template, which
 * sanitises and escapes every name or typed text it holds (src/shared/markup/markup.ts).
 */
export interface EngineResult {
  readonly output: readonly Markup[];
  readonly events: readonly StoredEvent[];
  readonly detach: boolean;
  /** Set by `play <name>`: the connection leaves this session and plays that character (core-handlers does it). */
  readonly switchTo?: Character;
}

/** How a command was typed: the word as typed (lower-cased) and its `/switches`. */
export interface Invocation {
  readonly word: string;
  readonly switches: readonly string[];
}

/** One registered command: the single source of its help text and required permission. */
export interface Command {
  /** The canonical name, counted in metrics and listed by `help`. */
  readonly name: string;
  /** Other words that run it (case-insensitive). */
  readonly aliases?: readonly string[];
  /** Leading characters that run it with no space, such as `"` for say. */
  readonly prefixes?: readonly string[];
  /** The help line: usage, then " - " and what it does. */
  readonly help: string;
  /** Decided by the policy engine on the game before the handler runs; the handler decides on its target. */
  readonly permission: CommandAction;
  /** The action the handler decides on the thing it acts on, when it has one (`name` modifies its target). */
  readonly onTarget?: PolicyAction;
  /**
   * For staff commands: what of the arguments goes to the audit record (a `staff_action` event on `audit`) once
   * the command ran without a refusal; undefined records nothing (a read-only form, say). Never a password.
   */
  readonly audit?: (args: string, invocation: Invocation) => string | undefined;
  /** The handler; `args` is the trimmed text after the word. */
  run(ctx: CommandContext, args: string, invocation: Invocation): Promise<EngineResult>;
}

/** Tries a line the registry did not claim (an exit's name, say); undefined when it is not one. */
export type CommandFallback = (ctx: CommandContext, line: string) => Promise<EngineResult | undefined>;

/** Commands that live outside the engine (plugins), consulted for words the registry does not know. */
export interface ExternalCommands {
  /** Runs `word` if it is an external command; undefined when it is not. */
  run(ctx: CommandContext, word: string, args: string): Promise<EngineResult | undefined>;
  list(): readonly { name: string; help: string }[];
}

/** A result with only output lines. */
export function reply(output: readonly Markup[], events: readonly StoredEvent[] = []): EngineResult {
  return { output, events, detach: false };
}
