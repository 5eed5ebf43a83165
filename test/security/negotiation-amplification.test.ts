import { describe, expect, test } from "bun:test";
import { Cmd, Opt } from "#gateway/telnet/telnet-constants.ts";
import { useTelnetGame } from "../support/telnet-game-suite.ts";
import type { TelnetPlayer } from "../support/telnet-player.ts";

// The case: 1,000 DO/DONT MSSP from a client produced 126 KB out for 6 KB in. For each negotiation a client can
// repeat, the bytes the gateway writes back stay within a small multiple of the bytes it was sent (plus a fixed
// allowance for one MSSP table and the `look` that marks the end of the barrage). Over the compiled binary.
const { IAC, SB, SE, WILL, WONT, DO, DONT } = Cmd;
const { ECHO, TTYPE, NAWS, CHARSET, MSSP, GMCP } = Opt;
const times = 1000;
const allowance = 4096;
const suite = useTelnetGame();

const repeat = (n: number, make: (i: number) => readonly number[]): Uint8Array =>
  Uint8Array.from(Array.from({ length: n }, (_, i) => make(i)).flat());
const text = (s: string) => [...new TextEncoder().encode(s)];

const barrages: [string, Uint8Array][] = [
  ["DO/DONT MSSP", repeat(times, () => [IAC, DO, MSSP, IAC, DONT, MSSP])],
  ["DO/DONT CHARSET", repeat(times, () => [IAC, DO, CHARSET, IAC, DONT, CHARSET])],
  ["WILL/WONT TTYPE", repeat(times, () => [IAC, WILL, TTYPE, IAC, WONT, TTYPE])],
  ["DO/DONT ECHO", repeat(times, () => [IAC, DO, ECHO, IAC, DONT, ECHO])],
  [
    "DO/DONT and WILL/WONT of all 256 options, 4 times",
    repeat(4 * 256, (i) => [IAC, DO, i % 256, IAC, DONT, i % 256, IAC, WILL, i % 256, IAC, WONT, i % 256]),
  ],
  ["TTYPE IS with unique names", repeat(times, (i) => [IAC, SB, TTYPE, 0, ...text(`X${i}`), IAC, SE])],
  ["CHARSET REQUEST UTF-8", repeat(times, () => [IAC, SB, CHARSET, 1, ...text(";UTF-8"), IAC, SE])],
  [
    "GMCP Core.Hello and Core.Supports.Set",
    repeat(times, (i) => [
      ...[IAC, SB, GMCP, ...text(`Core.Hello {"client":"c${i}","version":"1"}`), IAC, SE],
      ...[IAC, SB, GMCP, ...text(`Core.Supports.Set ["Char 1","Room ${i}"]`), IAC, SE],
    ]),
  ],
  ["NAWS storm", repeat(times, (i) => [IAC, SB, NAWS, 0, 40 + (i % 200), 0, 20 + (i % 50), IAC, SE])],
];

/** Sends `barrage`, then a `look` to mark its end; returns the bytes received meanwhile. */
async function bytesBack(player: TelnetPlayer, barrage: Uint8Array): Promise<number> {
  const before = player.received;
  const from = player.lines.length;
  await player.write(barrage);
  player.send("look");
  await player.waitForLine("The Lobby", from);
  return player.received - before;
}

describe("negotiation amplification", () => {
  test.each(barrages)("%s from a logged-in client gets back at most 2x its bytes", async (name, barrage) => {
    const player = await suite.join(`Amp${barrages.findIndex(([, b]) => b === barrage)}`);
    await player.write([IAC, DO, GMCP, IAC, WILL, NAWS, IAC, WILL, CHARSET]);
    const out = await bytesBack(player, barrage);
    console.log(`amplification, ${name}: ${barrage.length} B in, ${out} B out (look included)`);
    expect(out).toBeLessThanOrEqual(2 * barrage.length + allowance);
    expect(player.closed).toBe(false);
  });

  // The goodbye line is not asserted: the gateway closes while this client is still sending, and TCP then resets
  // the connection, which may discard the line unread (the loopback unit test pins the line).
  test("every barrage at once from a client that never logs in is closed, and gets back less than it sent", async () => {
    const stranger = await suite.connect({ passive: true });
    const before = stranger.received;
    let sent = 0;
    for (const [, barrage] of barrages) {
      if (stranger.closed) break;
      sent += barrage.length;
      void stranger.write(barrage);
    }
    await stranger.waitClosed();
    expect(stranger.received - before).toBeLessThan(sent);
  });
});
