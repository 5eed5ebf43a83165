/** How a player enters: as an existing player, or as a new one. */
export type LoginVerb = "connect" | "register";

/** What one line typed at the login screen asks for. */
export type LoginLine =
  | { readonly kind: "empty" }
  | { readonly kind: "quit" }
  | { readonly kind: "help" }
  | { readonly kind: "login"; readonly verb: LoginVerb; readonly name?: string; readonly password?: string }
  | { readonly kind: "unknown" };

const verbs: Readonly<Record<string, LoginVerb>> = {
  connect: "connect",
  co: "connect",
  register: "register",
  create: "register",
};

/**
 * Reads a login-screen line: `connect <name> <password>`, `register <name> <password>`, either with fewer
 * words (the rest is prompted), `quit` or `help`. The password is everything after the name, spaces included.
 */
export function parseLoginLine(line: string): LoginLine {
  const trimmed = line.trim();
  if (trimmed === "") return { kind: "empty" };
  const match = /^(\S+)(?:\s+(\S+)(?:\s+(.+))?)?$/s.exec(trimmed);
  const word = match?.[1]?.toLowerCase() ?? "";
  if (word === "quit" || word === "logout") return { kind: "quit" };
  if (word === "help" || word === "?") return { kind: "help" };
  const verb = Object.hasOwn(verbs, word) ? verbs[word] : undefined;
  if (verb === undefined) return { kind: "unknown" };
  const name = match?.[2];
  const password = match?.[3];
  return {
    kind: "login",
    verb,
    ...(name === undefined ? {} : { name }),
    ...(password === undefined ? {} : { password }),
  };
}
