import { describe, expect, test } from "bun:test";
import { useTelnetGame } from "../support/telnet-game-suite.ts";
import type { TelnetPlayer } from "../support/telnet-player.ts";

// Every line a client sends runs once, in order: a paste, character switches on
// one connection, and quit in every form, over the compiled binary and real telnet sockets.
const { join } = useTelnetGame();

/** Waits until the core has answered every command `player` sent: a refused page answers after them all. */
async function settled(player: TelnetPlayer): Promise<void> {
  const from = player.lines.length;
  player.send("page nobody-at-all = ping");
  await player.waitForLine('There is no one called "nobody-at-all".', from);
}

/** The lines of `listener` since `from` that `pattern` matches. */
const heard = (listener: TelnetPlayer, from: number, pattern: RegExp): string[] =>
  listener.lines.slice(from).filter((l) => pattern.test(l));

describe("a paste", () => {
  test("500 say lines in one write with a healthy core all run, in order, once", async () => {
    const typist = await join("Paster");
    const listener = await join("Hearer");
    await settled(typist);
    const from = listener.lines.length;
    const lines = Array.from({ length: 500 }, (_, i) => `say paste ${i + 1}`);
    await typist.write(`${lines.join("\r\n")}\r\n`);
    await listener.waitForLine('Paster says, "paste 500"', from);
    expect(heard(listener, from, /^Paster says, "paste \d+"$/)).toEqual(
      lines.map((_, i) => `Paster says, "paste ${i + 1}"`),
    );
    expect(typist.lines.filter((l) => l.includes("not sent"))).toEqual([]);
  }, 120_000);
});

describe("switching characters on one connection", () => {
  test("five switches back and forth, a line said after each, every line heard once by the right character", async () => {
    const switcher = await join("Switcher");
    const listener = await join("Witness");
    switcher.send("character create Alyssa");
    await settled(switcher);
    const from = listener.lines.length;
    const script: string[] = [];
    const expected: string[] = [];
    for (let round = 1; round <= 5; round++) {
      script.push("play Alyssa", `say as Alyssa ${round}`, "play Switcher", `say as Switcher ${round}`);
      expected.push(`Alyssa says, "as Alyssa ${round}"`, `Switcher says, "as Switcher ${round}"`);
    }
    // In one write: each say races its switch, and the fifth switch back reuses no old reply.
    await switcher.write(`${script.join("\r\n")}\r\n`);
    await listener.waitForLine(expected.at(-1) ?? "", from);
    await settled(switcher);
    expect(heard(listener, from, /^(Alyssa|Switcher) says, "as /)).toEqual(expected);
    expect(switcher.lines.filter((l) => /^You leave (Alyssa|Switcher) and take up /.test(l))).toHaveLength(
      10,
    );
  }, 120_000);
});

describe("quit", () => {
  test.each([
    ["quit", 1],
    ["QUIT", 2],
    ["quit now", 3],
  ])(
    "%s gives one goodbye line, closes the socket and keeps the session",
    async (line, n) => {
      const name = `Leaver${n}`;
      const player = await join(name);
      await settled(player);
      const from = player.lines.length;
      player.send(line);
      await player.waitClosed();
      const after = player.lines.slice(from);
      expect(after.filter((l) => /goodbye/i.test(l))).toEqual([
        "Goodbye! Your character will be waiting when you return.",
      ]);
      // Detached for good: the gateway did not attach the connection again when its stream ended.
      const witness = await join(`Seer${n}`);
      const mark = witness.lines.length;
      witness.send("who");
      await witness.waitForLine(/characters? (is|are) connected\.$/, mark);
      expect(witness.lines.slice(mark).filter((l) => l.startsWith(`${name} `))).toEqual([]);
      const again = await join(name, "connect");
      await again.waitForLine(`Welcome back, ${name}.`);
    },
    60_000,
  );
});
