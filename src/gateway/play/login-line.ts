/** How a player enters: as an existing player, or as a new one. */
export type LoginVerb = "connect" | "register";

/** What one line typed at the login screen asks for. */
export type LoginLine =
  | { readonly kind: "empty" }
  | { readonly kind: "quit" }
  | { readonly kind: "help" }
  | { readonly kind: "login"; readonly verb: LoginVerb; readonly name?: string; readonly password?: string }
  /** `register` with more than a name and a password: a name is one word, so the line is ambiguous. */
  | { readonly kind: "registerUsage" }
  | { readonly kind: "unknown" };

const verbs: Readonly<Record<string, LoginVerb>> = {
  connect: "connect",
  co: "connect",
  register: "register",
  create: "register",
};

/**
 * Reads a login-screen line: `connect <name> <password>`, `register <name> <password>`, either with fewer
 * words (the rest is prompted), `quit` or `help`. For connect the password is everything after the name,
 * spaces included; for register it is one word, since `register Carol Smith pass` must not make "Carol" with
 * the password "Smith pass" (a password with spaces is typed at register's prompt).
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
  if (verb === "register" && password !== undefined && /\s/.test(password)) return { kind: "registerUsage" };
  return {
    kind: "login",
    verb,
    ...(name === undefined ? {} : { name }),
    ...(password === undefined ? {} : { password }),
  };
}
