import type { PolicyAction } from "#core/policy/policy-engine.ts";

/**
 * The actions a command needs on the game as a whole before it runs (the engine asks the policy engine,
 * resource `Game::"game"`). What a command then does to one thing (rename a room, go through an exit) is
 * decided again on that thing inside the command.
 */
export type CommandAction = Extract<
  PolicyAction,
  | "play"
  | "build"
  | "emit"
  | "teleport"
  | "own_account"
  | "use_mail"
  | "manage_players"
  | "manage_boards"
  | "configure"
  | "manage_policies"
  | "sitelock"
  | "wall"
  | "shutdown"
  | "read_audit"
>;

/** The line a refused command gets; nothing changes when it is shown. */
export const deniedText: Readonly<Record<CommandAction, string>> = {
  play: "You may not do that.",
  emit: "Only admins may emit.",
  build: "Only builders and admins may build.",
  teleport: "Only admins may teleport.",
  manage_players: "Only admins may do that to players.",
  configure: "Only admins may change that.",
  manage_policies: "Only admins may read or change the policies.",
  own_account: "Guests have no account to change. Register to keep a character.",
  use_mail: "Guests have no mailbox. Register to keep a character and use mail.",
  manage_boards: "Only admins may create or destroy boards.",
  sitelock: "Only admins may ban or unban.",
  wall: "Only admins may announce to everyone.",
  shutdown: "Only admins may shut down or restart the game.",
  read_audit: "Only admins may read the audit record.",
};

/** Who the default policies let run a command, for docs/commands.md. */
export const defaultWho: Readonly<Record<CommandAction, string>> = {
  play: "everyone",
  emit: "admins",
  build: "builders, admins",
  teleport: "admins",
  manage_players: "admins",
  configure: "admins",
  manage_policies: "admins",
  own_account: "everyone but guests",
  use_mail: "everyone but guests",
  manage_boards: "admins",
  sitelock: "admins",
  wall: "admins",
  shutdown: "admins",
  read_audit: "admins",
};
