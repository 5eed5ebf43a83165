import type { CharacterSummary } from "#gen/holomush/core/v1/core_pb.ts";
import { escapeMarkup, playerText } from "#shared/markup/markup.ts";

/** The welcome banner in server markup: the game's name and how to log in. */
export function welcomeBanner(gameName: string): string {
  return [
    `%[bold]Welcome to ${escapeMarkup(gameName)}!%[/]`,
    "",
    "  connect <name> <password>    to play an existing character",
    "  register <name> <password>   to create a new player",
    "  connect                      to be asked for your name and password",
    "  connect guest                to visit as a guest, on games that allow guests",
    "  quit                         to leave",
    "",
  ].join("\n");
}

/** The hint shown for a line the login screen does not understand. */
export const loginHint = "Type connect <name> <password>, register <name> <password>, or quit.";

/** The farewell to a player who quits; their session waits in the core. */
export const goodbye = "Goodbye!";

/** The character menu in server markup: numbered names. */
export function characterMenu(characters: readonly CharacterSummary[]): string {
  const rows = characters.map((c, i) => `  ${i + 1}. ${playerText(c.name)}`);
  return ["Your characters:", ...rows].join("\n");
}

/** The menu prompt. */
export const menuPrompt = "Choose a character (number or name): ";

/** The character chosen by `line` (a number from 1, or a name in any case), or undefined. */
export function pickCharacter(
  characters: readonly CharacterSummary[],
  line: string,
): CharacterSummary | undefined {
  const choice = line.trim();
  if (/^\d+$/.test(choice)) return characters[Number(choice) - 1];
  return characters.find((c) => c.name.toLowerCase() === choice.toLowerCase());
}

/** The answer to a `register` line with more than a name and a password. */
export const registerUsage =
  "Usage: register <name> <password>. A name is one word; for a password with spaces, type register <name> alone.";

/** The prompt that asks a new player for their password a second time. */
export const passwordAgainPrompt = "Password again: ";

/** The answer when the two passwords typed at registration differ; nothing reached the core. */
export const passwordMismatch =
  "The two passwords differ, so nothing was registered. Type register to try again.";
