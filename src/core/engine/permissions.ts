import type { Role } from "#core/accounts/account-rules.ts";
import type { Character } from "#core/accounts/account-store.ts";

/** What a command or a world change needs permission for. */
export type Action =
  | "play"
  | "emit"
  | "build"
  | "teleport"
  | "manage-channels"
  | "manage-boards"
  | "manage-players"
  | "manage-game"
  | "own-account"
  | "join-channels"
  | "use-mail";

/** Who asks. */
export interface Subject {
  readonly character: Character;
  readonly role: Role;
}

/** The single permission check of the game; ABAC will replace this implementation. */
export interface PermissionEvaluator {
  /** True when `subject` may do `action`. */
  allows(subject: Subject, action: Action): boolean;
}

/** The line a refused action gets; nothing changes when it is shown. */
export const deniedText: Readonly<Record<Action, string>> = {
  play: "You may not do that.",
  emit: "Only admins may emit.",
  build: "Only builders and admins may build.",
  teleport: "Only admins may teleport.",
  "manage-channels": "Only admins may create or destroy channels.",
  "manage-boards": "Only admins may create or destroy boards.",
  "manage-players": "Only admins may do that to players.",
  "manage-game": "Only admins may change that.",
  "own-account": "Guests have no account to change. Register to keep a character.",
  "join-channels": "Guests may only use the Public channel.",
  "use-mail": "Guests have no mailbox. Register to keep a character and use mail.",
};

/** The role-based evaluator used until ABAC exists. */
export function createRolePermissions(): PermissionEvaluator {
  return {
    allows({ role }, action) {
      switch (action) {
        case "play":
          return true;
        // Guests look, move, talk, page and use Public; their characters end when they disconnect.
        case "own-account":
        case "join-channels":
        case "use-mail":
          return role !== "guest";
        case "build":
          return role === "builder" || role === "admin";
        case "emit":
        case "teleport":
        case "manage-channels":
        case "manage-boards":
        case "manage-players":
        case "manage-game":
          return role === "admin";
      }
    },
  };
}
