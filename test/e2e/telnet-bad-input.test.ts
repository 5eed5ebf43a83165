import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { alive, rssKiB, startTelnetGame, type TelnetGame } from "../support/telnet-game.ts";
import { connectTelnetPlayer, loginPlayer, type TelnetPlayer } from "../support/telnet-player.ts";

// Hostile bytes against the running gateway. After each, the gateway is alive and
// another player's command is still answered. Limits themselves are pinned by the telnet unit tests.
const IAC = 255;
const SB = 250;
const SE = 240;
const WILL = 251;
const DO = 253;
const GMCP = 201;
const NAWS = 31;
const MiB = 1024 * 1024;
let game: TelnetGame;
let alice: TelnetPlayer;
let bob: TelnetPlayer;
const opened: TelnetPlayer[] = [];
let probe = 0;

beforeAll(async () => {
  game = await startTelnetGame();
  alice = await player("Alice");
  bob = await player("Bob");
}, 60_000);

afterAll(async () => {
  for (const p of opened) await p[Symbol.asyncDispose]();
  await game?.[Symbol.asyncDispose]();
});

async function connect(options: Parameters<typeof connectTelnetPlayer>[1] = {}): Promise<TelnetPlayer> {
  const p = await connectTelnetPlayer(game.telnetPort, options);
  opened.push(p);
  await p.waitForLine(/^ {2}quit +to leave$/);
  return p;
}

async function player(name: string): Promise<TelnetPlayer> {
  const p = await connect();
  await loginPlayer(p, name, `${name.toLowerCase()}-pass-phrase`);
  return p;
}

/** The gateway runs and answers another player: Bob says a fresh line, Alice hears it. */
async function othersStillServed(): Promise<void> {
  expect(alive(game.gatewayPid)).toBe(true);
  const word = `probe-${++probe}`;
  const from = alice.lines.length;
  bob.send(`say ${word}`);
  await alice.waitForLine(`Bob says, "${word}"`, from);
}

const bytes = (...parts: (string | readonly number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : [...p])));

describe("malformed telnet", () => {
  test("an unterminated subnegotiation is discarded, never read as input, and IAC SE ends it", async () => {
    const mal = await player("Mal");
    const from = alice.lines.length;
    await mal.write(bytes([IAC, SB, GMCP], "say smuggled\r\n", "x".repeat(10_000), "\r\n"));
    await mal.write(bytes([IAC, SE], "say visible\r\n"));
    await alice.waitForLine('Mal says, "visible"', from);
    expect(alice.lines.slice(from).filter((l) => l.includes("smuggled"))).toEqual([]);
    await othersStillServed();
  });

  test("IAC SB IAC SE (an empty subnegotiation) is ignored and the next line works", async () => {
    const mal = await player("Mallet");
    const from = alice.lines.length;
    await mal.write(bytes([IAC, SB, IAC, SE], "say after the empty one\r\n"));
    await alice.waitForLine('Mallet says, "after the empty one"', from);
    await othersStillServed();
  });

  test("DO and WILL for all 256 option codes get at most one reply each, and the connection still works", async () => {
    const prober = await connect({ passive: true });
    const mark = prober.negotiations.length;
    const barrage: number[] = [];
    // Every option but COMPRESS2 (86): a client that sends DO COMPRESS2 gets zlib output, which this one cannot
    // read; MCCP2 is tested in telnet-connection.test.ts and with TinTin++.
    for (let option = 0; option < 256; option++)
      if (option !== 86) barrage.push(IAC, DO, option, IAC, WILL, option);
    await prober.write(barrage);
    const from = prober.lines.length;
    prober.send("hello");
    await prober.waitForLine(/^Type connect <name> <password>/, from);
    const replies = prober.negotiations.slice(mark);
    const perOption = new Map<number, number>();
    for (const r of replies) perOption.set(r.option, (perOption.get(r.option) ?? 0) + 1);
    expect(Math.max(...perOption.values())).toBeLessThanOrEqual(2);
    expect(replies.length).toBeLessThanOrEqual(512);
    await othersStillServed();
  });

  test("one byte per write: negotiation, login and a say all parse as if sent whole", async () => {
    const slow = await connect({ passive: true });
    const script = bytes(
      [IAC, WILL, NAWS, IAC, SB, NAWS, 0, 30, 0, 24, IAC, SE],
      "register Trickle trickle-pass-phrase\r\n",
    );
    for (const b of script) await slow.write([b]);
    await slow.waitForLine("Welcome, Trickle.");
    // The arrival shows the room; its exits line ends it.
    await slow.waitForLine(/^Exits:/);
    const from = slow.lines.length;
    const words = "alpha beta gamma delta epsilon zeta eta theta";
    for (const b of bytes(`say ${words}\r\n`)) await slow.write([b]);
    await slow.waitForLine(/theta"$/, from);
    const said = slow.lines.slice(from);
    expect(said.every((l) => l.length <= 30)).toBe(true);
    expect(said.join(" ")).toBe(`You say, "${words}"`);
    await othersStillServed();
  });
});

describe("hostile text", () => {
  test("invalid UTF-8 arrives as U+FFFD", async () => {
    const mal = await player("Utf");
    const from = alice.lines.length;
    // 0xFF is IAC in telnet: doubled, it is the data byte 0xFF, which is never valid UTF-8.
    await mal.write(bytes("say caf", [IAC, IAC], " and ", [0xc3], "(\r\n"));
    await alice.waitForLine(/^Utf says/, from);
    expect(alice.lines.slice(from)).toEqual(['Utf says, "caf\uFFFD and \uFFFD("']);
  });

  test("NUL bytes are dropped", async () => {
    const mal = await player("Nul");
    const from = alice.lines.length;
    await mal.write(bytes("say a", [0], "b", [0, 0], "c\r\n"));
    await alice.waitForLine(/^Nul says/, from);
    expect(alice.lines.slice(from)).toEqual(['Nul says, "abc"']);
  });

  test("an overlong line is refused with a message, and a 1 MiB line with no newline harms no one", async () => {
    const mal = await player("Longo");
    const from = mal.lines.length;
    mal.send(`say ${"y".repeat(5000)}`);
    await mal.waitForLine("Line too long (the limit is 4096 bytes); it was ignored.", from);
    mal.send("say short again");
    await mal.waitForLine('You say, "short again"', from);
    void mal.write("z".repeat(MiB));
    await othersStillServed();
    mal.close();
  });
});

describe("floods and stalls", () => {
  test("100 MB of input on one connection: reading is throttled, gateway memory stays bounded, others are served", async () => {
    const before = rssKiB(game.gatewayPid);
    const flooder = await connect({ passive: true });
    const line = `${"x".repeat(998)}\r\n`;
    const chunk = bytes(line.repeat(1024));
    // Offered all at once; the socket takes what the gateway's reading (and the kernel) allow.
    for (let sent = 0; sent < 100 * MiB; sent += chunk.length) void flooder.write(chunk);
    await flooder.until(() => flooder.unsent > 90 * MiB, "the flood to back up (the gateway stops reading)");
    await othersStillServed();
    const after = rssKiB(game.gatewayPid);
    expect(after - before).toBeLessThan(64 * 1024);
    await flooder[Symbol.asyncDispose]();
    await othersStillServed();
  });

  test("a logged-in client that never reads does not hold up the others", async () => {
    const sloth = await player("Sloth");
    sloth.pause();
    const from = alice.lines.length;
    const said = Array.from({ length: 15 }, (_, i) => `${i} ${"w".repeat(3000)}`);
    for (const text of said) bob.send(`say ${text}`);
    // Long words are broken at the 80-column default width: count the first line of each say.
    await alice.waitForLine(/^Bob says, "14\b/, from);
    expect(alice.lines.slice(from).filter((l) => l.startsWith("Bob says"))).toHaveLength(15);
    await othersStillServed();
    sloth.resume();
    await sloth.waitForLine(/^Bob says, "14\b|\*\*\* Output flushed \*\*\*/);
  });

  test("a first line that is an HTTP request closes the connection", async () => {
    const web = await connect({ passive: true });
    web.send("GET / HTTP/1.1");
    await web.waitClosed();
    await othersStillServed();
  });
});
