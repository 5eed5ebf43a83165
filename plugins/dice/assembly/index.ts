// dice: `roll 2d6+1` emits a pose to the caller's room: "Alice rolls 2d6+1: 4 + 3 + 1 = 8", and records the
// roll on the roller as the attribute DICE.LASTROLL ("2d6+1: 8"), which `examine me` shows and policies read.
import { emit, input, output, setAttribute } from "../../lib/assembly/host";
import { JsonValue, quote } from "../../lib/assembly/json";

const MAX_DICE = 100;
const MAX_SIDES = 1000;
const MAX_MODIFIER = 10000;
const USAGE = "Try: roll 2d6+1 (1 to 100 dice, 2 to 1000 sides, an optional + or - modifier).";

/** Aborts the call; built with `--use abort=assembly/index/pluginAbort` so no `env.abort` is imported. */
function pluginAbort(message: string | null, file: string | null, line: u32, column: u32): void {
  unreachable();
}

let state: u32 = 1;

function next(sides: i32): i32 {
  // xorshift32, seeded per call by the host's `seed`.
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return <i32>(state % <u32>sides) + 1;
}

function isDigit(c: i32): bool {
  return c >= 48 && c <= 57;
}

/** Reads digits from `s` at `at`; returns -1 when there are none or too many. */
function readNumber(s: string, at: i32, end: Int32Array): i32 {
  let i = at;
  let n = 0;
  while (i < s.length && isDigit(s.charCodeAt(i))) {
    if (i - at >= 6) return -1;
    n = n * 10 + (s.charCodeAt(i) - 48);
    i++;
  }
  end[0] = i;
  return i == at ? -1 : n;
}

function refuse(text: string): i32 {
  output('{"reply":' + quote(text) + "}");
  return 0;
}

export function handle_command(): i32 {
  const call = input();
  if (call == null) return refuse("The dice plugin got a malformed call.");
  const args = call.str("args").trim().toLowerCase();
  if (args.length == 0) return refuse("Roll what? " + USAGE);
  const end = new Int32Array(1);
  const count = readNumber(args, 0, end);
  let at = end[0];
  if (count < 0 || at >= args.length || args.charCodeAt(at) != 100) return refuse('"' + args + '" is not a roll. ' + USAGE);
  const sides = readNumber(args, at + 1, end);
  at = end[0];
  if (sides < 0) return refuse('"' + args + '" is not a roll. ' + USAGE);
  let modifier = 0;
  if (at < args.length) {
    const sign = args.charCodeAt(at);
    const m = readNumber(args, at + 1, end);
    if ((sign != 43 && sign != 45) || m < 0 || end[0] != args.length) return refuse('"' + args + '" is not a roll. ' + USAGE);
    if (m > MAX_MODIFIER) return refuse("That modifier is too large: at most " + MAX_MODIFIER.toString() + ".");
    modifier = sign == 45 ? -m : m;
  }
  if (count < 1 || count > MAX_DICE) return refuse("You can roll 1 to " + MAX_DICE.toString() + " dice, not " + count.toString() + ".");
  if (sides < 2 || sides > MAX_SIDES) return refuse("Dice have 2 to " + MAX_SIDES.toString() + " sides, not " + sides.toString() + ".");
  return roll(call, args, count, sides, modifier);
}

function roll(call: JsonValue, spec: string, count: i32, sides: i32, modifier: i32): i32 {
  state = <u32>call.num("seed") | 1;
  let total = modifier;
  let detail = "";
  for (let i = 0; i < count; i++) {
    const r = next(sides);
    total += r;
    detail += (i > 0 ? " + " : "") + r.toString();
  }
  if (modifier > 0) detail += " + " + modifier.toString();
  if (modifier < 0) detail += " - " + (-modifier).toString();
  const character = call.obj("character");
  const name = character.str("name");
  const text = "rolls " + spec + ": " + detail + " = " + total.toString();
  // The pose payload of the event schema (docs/events.md): exactly name and text.
  const payload = '{"name":' + quote(name) + ',"text":' + quote(text) + "}";
  const result = emit("location:" + call.str("locationId"), "pose", payload);
  const ok = result.get("ok");
  if (ok == null || !ok.b) return refuse("The dice fell off the table: " + result.obj("error").str("message"));
  // The record is a convenience: a game that takes attributes.write away still gets its rolls (and an audit line).
  setAttribute("character", character.str("id"), "LASTROLL", spec + ": " + total.toString());
  output("{}");
  return 0;
}

export function handle_event(): i32 {
  output("{}");
  return 0;
}
