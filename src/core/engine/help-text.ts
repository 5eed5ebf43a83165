import type { CommandName } from "./parse-command.ts";

/** One line of help per command, in the order `help` lists them. */
export const helpText: Readonly<Record<CommandName, string>> = {
  look: "look (or l) - describe where you are and who is here.",
  say: 'say <text> (or "<text>) - speak to the room.',
  pose: "pose <action> (or :<action>) - act: ':waves' shows 'Alice waves'.",
  semipose: ";<text> - act with no space: ';'s hat is red' shows 'Alice's hat is red'.",
  emit: "emit <text> - show raw text to the room (admins only).",
  who: "who - list the characters connected now.",
  help: "help [command] - list commands, or explain one.",
  quit: "quit - leave; your session waits for you to come back.",
};
