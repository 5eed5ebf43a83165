import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { waitUntil } from "../support/holomush-binary.ts";
import { useTelnetGame } from "../support/telnet-game-suite.ts";

// Two cases over the compiled binary with text-format logs: invisible characters typed by one player reached
// another player's raw output, and a login name's raw escapes reached the operator's text log.
const suite = useTelnetGame({ env: { HOLOMUSH_LOG_FORMAT: "text" } });

const invisible = "\u2028\u2029\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff";
const invisibleInOutput = /[\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;
const unsafeInLog =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting none survive.
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

describe("hostile text", () => {
  test("U+2028, U+2029 and zero-width characters in a say or pose never reach another player's raw output", async () => {
    const alice = await suite.join("Alice");
    const bob = await suite.join("Bob");
    const rawFrom = bob.raw().length;
    const from = bob.lines.length;
    alice.send(`say one${invisible.split("").join("x")}two`);
    alice.send(`pose waves${invisible}`);
    alice.send("say marker");
    await bob.waitForLine('Alice says, "marker"', from);
    const raw = new TextDecoder().decode(bob.raw().subarray(rawFrom));
    expect(raw).not.toMatch(invisibleInOutput);
    expect(raw).toContain('Alice says, "one x x');
  });

  test("a login name with terminal escapes and bidi characters is written escaped to the text-format log", async () => {
    const mal = await suite.connect();
    const from = mal.lines.length;
    mal.send("connect \u001b[2J\u001b]0;pwned\u0007Mal\u202e\u200blory wrong-pass-phrase");
    await mal.waitForLine(/./, from);
    const log = join(suite.game().dirs.stateDir, "logs", "gateway.log");
    const line = await waitUntil(async () => {
      const found = readFileSync(log, "utf8")
        .split("\n")
        .find((l) => l.includes("connect attempt for"));
      return found;
    }, "the gateway's log line for the attempt");
    expect(line).not.toMatch(unsafeInLog);
    expect(line).toContain('connect attempt for "\\u001b[2J\\u001b]0;pwned\\u0007Mal\\u202e\\u200blory"');
  });
});
