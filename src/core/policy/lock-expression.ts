import { HoloError } from "#shared/errors/holo-error.ts";

/** A parsed lock: keys joined with `&`, `|`, `!` and parentheses. */
export type LockExpr =
  | { readonly op: "and" | "or"; readonly left: LockExpr; readonly right: LockExpr }
  | { readonly op: "not"; readonly inner: LockExpr }
  | { readonly op: "role" | "char" | "flag"; readonly value: string }
  | { readonly op: "age"; readonly days: number }
  | { readonly op: "owner" };

/** The longest lock expression accepted, in characters. */
export const LOCK_MAX_LENGTH = 500;
const MAX_DEPTH = 32;
const ROLES = ["guest", "player", "builder", "admin"];
const FLAG = /^[a-z][a-z0-9_-]{0,31}$/;
const WORD = /[^\s&|!()]+/y;

const bad = (why: string): never => {
  throw new HoloError("invalid_argument", `That lock does not parse: ${why}`);
};

/** Parses `text` (for example `flag:member & !flag:banned | role:admin`); a bad one throws, naming what is wrong. */
export function parseLock(text: string): LockExpr {
  const src = text.trim();
  if (src === "") bad("it is empty.");
  if (src.length > LOCK_MAX_LENGTH) bad(`it is longer than ${LOCK_MAX_LENGTH} characters.`);
  let at = 0;
  const skip = () => {
    while (/\s/.test(src[at] ?? "")) at++;
  };
  const where = () => (at >= src.length ? "at the end" : `at "${src.slice(at, at + 12)}"`);
  const eat = (c: string) => {
    skip();
    if (src[at] !== c) return false;
    at++;
    return true;
  };
  const binary = (op: "and" | "or", sign: string, next: (d: number) => LockExpr) => (depth: number) => {
    let left = next(depth);
    while (eat(sign)) left = { op, left, right: next(depth) };
    return left;
  };
  const atom = (depth: number): LockExpr => {
    if (depth > MAX_DEPTH) bad(`it nests deeper than ${MAX_DEPTH} levels.`);
    skip();
    if (eat("!")) return { op: "not", inner: atom(depth + 1) };
    if (eat("(")) {
      const inner = or(depth + 1);
      if (!eat(")")) bad(`a ")" is missing ${where()}.`);
      return inner;
    }
    WORD.lastIndex = at;
    const word = WORD.exec(src)?.[0];
    if (!word) bad(`expected a key such as flag:member ${where()}.`);
    at += (word as string).length;
    return key(word as string);
  };
  const and = binary("and", "&", atom);
  const or = binary("or", "|", and);
  const expr = or(0);
  skip();
  if (at < src.length) bad(`expected & or | ${where()}.`);
  return expr;
}

/** One `key:value` (or `owner`), checked. */
function key(word: string): LockExpr {
  if (word.toLowerCase() === "owner") return { op: "owner" };
  const colon = word.indexOf(":");
  if (colon < 0) bad(`"${word}" is not a key: write role:, char:, flag:, age: or owner.`);
  const name = word.slice(0, colon).toLowerCase();
  const value = word.slice(colon + 1);
  if (value === "") bad(`"${word}" has no value after the colon.`);
  switch (name) {
    case "role":
      if (!ROLES.includes(value.toLowerCase())) bad(`"${value}" is not a role (${ROLES.join(", ")}).`);
      return { op: "role", value: value.toLowerCase() };
    case "flag":
      if (!FLAG.test(value.toLowerCase())) bad(`"${value}" is not a flag (a lower-case word).`);
      return { op: "flag", value: value.toLowerCase() };
    case "char":
      return { op: "char", value };
    case "age":
      if (!/^\d{1,5}$/.test(value)) bad(`"${value}" is not a number of days.`);
      return { op: "age", days: Number(value) };
    default:
      return bad(`"${name}:" is not a key: write role:, char:, flag:, age: or owner.`);
  }
}

/** The character names a lock mentions (`char:Alice`), to be resolved to ids. */
export function lockCharacters(expr: LockExpr): string[] {
  switch (expr.op) {
    case "and":
    case "or":
      return [...lockCharacters(expr.left), ...lockCharacters(expr.right)];
    case "not":
      return lockCharacters(expr.inner);
    case "char":
      return [expr.value];
    default:
      return [];
  }
}

/**
 * The Cedar condition a lock lets through: `ids` maps each name of lockCharacters (as written) to its id.
 * Strings are JSON-quoted, which Cedar reads the same for the printable text a flag or an id holds.
 */
export function lockCondition(expr: LockExpr, ids: ReadonlyMap<string, string>): string {
  switch (expr.op) {
    case "and":
      return `(${lockCondition(expr.left, ids)} && ${lockCondition(expr.right, ids)})`;
    case "or":
      return `(${lockCondition(expr.left, ids)} || ${lockCondition(expr.right, ids)})`;
    case "not":
      return `!(${lockCondition(expr.inner, ids)})`;
    case "role":
      return `principal.role == ${JSON.stringify(expr.value)}`;
    case "flag":
      return `principal.flags.contains(${JSON.stringify(expr.value)})`;
    case "age":
      return `principal.ageDays >= ${expr.days}`;
    case "owner":
      return "principal == resource.owner";
    case "char": {
      const id = ids.get(expr.value);
      if (id === undefined)
        throw new HoloError(
          "invalid_argument",
          `That lock names '${expr.value}', and there is no such character.`,
        );
      return `principal == Character::${JSON.stringify(id)}`;
    }
  }
}
