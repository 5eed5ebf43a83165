import { describe, expect, test } from "bun:test";
import { manualClock } from "#shared/util/clock.ts";
import { encodeNaws } from "./option-codecs.ts";
import { Cmd, Opt } from "./telnet-constants.ts";
import { createTelnetSession, type TelnetSession, type TelnetSessionDeps } from "./telnet-session.ts";

interface Harness {
  session: TelnetSession;
  clock: ReturnType<typeof manualClock>;
  /** Bytes the server wrote since the last call. */
  out(): number[];
  lines: string[];
  tooLong: number[];
  resizes: [number, number][];
  gmcp: [string, unknown][];
  feed(...bytes: (number | string)[]): void;
}

const IAC = 255;
const SB = 250;
const SE = 240;
const enc = (s: string) => [...new TextEncoder().encode(s)];

function harness(admit?: TelnetSessionDeps["admit"]): Harness {
  const clock = manualClock();
  let written: number[] = [];
  const h: Omit<Harness, "session" | "clock" | "out" | "feed"> = {
    lines: [],
    tooLong: [],
    resizes: [],
    gmcp: [],
  };
  const session = createTelnetSession({
    write: (b) => written.push(...b),
    line: (l) => h.lines.push(l),
    lineTooLong: (n) => h.tooLong.push(n),
    resize: (w, ht) => h.resizes.push([w, ht]),
    gmcp: (p, d) => h.gmcp.push([p, d]),
    mssp: () => ({ NAME: "Holo", PLAYERS: 3, TLS: 4202 }),
    now: clock.now,
    ...(admit ? { admit } : {}),
  });
  return {
    ...h,
    session,
    clock,
    out: () => {
      const o = written;
      written = [];
      return o;
    },
    feed: (...parts) =>
      session.receive(Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? enc(p) : [p])))),
  };
}

describe("telnet session negotiation", () => {
  test("the server offers SGA, EOR, MSSP, GMCP, CHARSET and asks for NAWS and TTYPE at connect", () => {
    const h = harness();
    h.session.start();
    expect(h.out()).toEqual([
      ...[IAC, Cmd.WILL, Opt.SGA],
      ...[IAC, Cmd.WILL, Opt.EOR],
      ...[IAC, Cmd.WILL, Opt.MSSP],
      ...[IAC, Cmd.WILL, Opt.GMCP],
      ...[IAC, Cmd.WILL, Opt.CHARSET],
      ...[IAC, Cmd.DO, Opt.NAWS],
      ...[IAC, Cmd.DO, Opt.TTYPE],
    ]);
  });

  test("an acknowledgement of our own offer gets no reply (RFC 1143, no loops)", () => {
    const h = harness();
    h.session.start();
    h.out();
    h.feed(IAC, Cmd.DO, Opt.SGA, IAC, Cmd.DO, Opt.SGA, IAC, Cmd.WILL, Opt.NAWS);
    expect(h.out()).toEqual([]);
    expect(h.session.capabilities.sga).toBe(true);
    expect(h.session.capabilities.naws).toBe(true);
  });

  test("NAWS sets the size and resizes are followed", () => {
    const h = harness();
    h.session.start();
    h.feed(IAC, Cmd.WILL, Opt.NAWS, IAC, SB, Opt.NAWS, ...encodeNaws(120, 40), IAC, SE);
    h.feed(IAC, SB, Opt.NAWS, 0, 255, 255, 0, 50, IAC, SE);
    expect(h.resizes).toEqual([
      [120, 40],
      [255, 50],
    ]);
    expect(h.session.capabilities).toMatchObject({ width: 255, height: 50 });
  });

  test("TTYPE is cycled until a name repeats and the MTTS bitvector is read", () => {
    const h = harness();
    h.session.start();
    h.out();
    const send = [IAC, SB, Opt.TTYPE, 1, IAC, SE];
    h.feed(IAC, Cmd.WILL, Opt.TTYPE);
    expect(h.out()).toEqual(send);
    h.feed(IAC, SB, Opt.TTYPE, 0, "TINTIN++", IAC, SE);
    expect(h.out()).toEqual(send);
    h.feed(IAC, SB, Opt.TTYPE, 0, "XTERM-256COLOR", IAC, SE);
    expect(h.out()).toEqual(send);
    h.feed(IAC, SB, Opt.TTYPE, 0, "MTTS 2825", IAC, SE);
    expect(h.out()).toEqual(send);
    h.feed(IAC, SB, Opt.TTYPE, 0, "MTTS 2825", IAC, SE);
    expect(h.out()).toEqual([]);
    expect(h.session.capabilities).toMatchObject({
      ttype: "TINTIN++",
      terminalTypes: ["TINTIN++", "XTERM-256COLOR", "MTTS 2825"],
      mtts: 2825,
      colorDepth: "truecolor",
      utf8: false,
      screenReader: false,
    });
  });

  test("an MTTS screen reader flag and no colour bits are reported", () => {
    const h = harness();
    h.feed(IAC, Cmd.WILL, Opt.TTYPE, IAC, SB, Opt.TTYPE, 0, "MTTS 68", IAC, SE);
    expect(h.session.capabilities).toMatchObject({
      mtts: 68,
      screenReader: true,
      utf8: true,
      colorDepth: "none",
    });
  });

  test("a screen reader that also claims colour gets plain text: colour codes would be read aloud", () => {
    const h = harness();
    h.feed(IAC, Cmd.WILL, Opt.TTYPE, IAC, SB, Opt.TTYPE, 0, "MTTS 333", IAC, SE);
    expect(h.session.capabilities).toMatchObject({ screenReader: true, colorDepth: "none" });
  });

  test("a CHARSET REQUEST offering UTF-8 is ACCEPTED, one without it REJECTED", () => {
    const h = harness();
    h.feed(IAC, SB, Opt.CHARSET, 1, ";ISO-8859-1;UTF-8", IAC, SE);
    expect(h.out()).toEqual([IAC, SB, Opt.CHARSET, 2, ...enc("UTF-8"), IAC, SE]);
    expect(h.session.capabilities.utf8).toBe(true);
    const other = harness();
    other.feed(IAC, SB, Opt.CHARSET, 1, " US-ASCII", IAC, SE);
    expect(other.out()).toEqual([IAC, SB, Opt.CHARSET, 3, IAC, SE]);
  });

  test("when the client agrees to CHARSET the server requests UTF-8", () => {
    const h = harness();
    h.session.start();
    h.out();
    h.feed(IAC, Cmd.DO, Opt.CHARSET);
    expect(h.out()).toEqual([IAC, SB, Opt.CHARSET, 1, ...enc(";UTF-8"), IAC, SE]);
    h.feed(IAC, SB, Opt.CHARSET, 2, "UTF-8", IAC, SE);
    expect(h.session.capabilities.utf8).toBe(true);
  });

  test("prompts end with IAC EOR once EOR is agreed, IAC GA when it is refused", () => {
    const h = harness();
    h.session.start();
    h.feed(IAC, Cmd.DO, Opt.EOR);
    expect([...h.session.promptEnd()]).toEqual([IAC, Cmd.EOR]);
    const refused = harness();
    refused.session.start();
    refused.feed(IAC, Cmd.DONT, Opt.EOR);
    expect([...refused.session.promptEnd()]).toEqual([IAC, Cmd.GA]);
  });

  test("DO MSSP is answered with the MSSP table", () => {
    const h = harness();
    h.session.start();
    h.out();
    h.feed(IAC, Cmd.DO, Opt.MSSP);
    expect(h.out()).toEqual([
      ...[IAC, SB, Opt.MSSP],
      ...[1, ...enc("NAME"), 2, ...enc("Holo")],
      ...[1, ...enc("PLAYERS"), 2, ...enc("3")],
      ...[1, ...enc("TLS"), 2, ...enc("4202")],
      ...[IAC, SE],
    ]);
  });

  test("GMCP flows both ways once the client says DO GMCP", () => {
    const h = harness();
    h.session.start();
    expect(h.session.sendGmcp("Core.Hello", {})).toBe(false);
    h.out();
    h.feed(IAC, Cmd.DO, Opt.GMCP);
    h.feed(IAC, SB, Opt.GMCP, 'Core.Hello {"client":"Mudlet","version":"4.19"}', IAC, SE);
    h.feed(IAC, SB, Opt.GMCP, 'Core.Supports.Set ["Char 1","Room 1"]', IAC, SE);
    expect(h.gmcp).toEqual([
      ["Core.Hello", { client: "Mudlet", version: "4.19" }],
      ["Core.Supports.Set", ["Char 1", "Room 1"]],
    ]);
    expect(h.session.capabilities).toMatchObject({
      gmcp: true,
      gmcpClient: { name: "Mudlet", version: "4.19" },
      gmcpSupports: ["Char 1", "Room 1"],
    });
    expect(h.session.sendGmcp("Char.Name", { name: "Ann" })).toBe(true);
    expect(h.out()).toEqual([IAC, SB, Opt.GMCP, ...enc('Char.Name {"name":"Ann"}'), IAC, SE]);
  });

  test("password mode sends WILL ECHO then WONT ECHO, once each", () => {
    const h = harness();
    h.session.setPasswordMode(true);
    h.session.setPasswordMode(true);
    expect(h.out()).toEqual([IAC, Cmd.WILL, Opt.ECHO]);
    h.feed(IAC, Cmd.DO, Opt.ECHO);
    expect(h.out()).toEqual([]);
    h.session.setPasswordMode(false);
    expect(h.out()).toEqual([IAC, Cmd.WONT, Opt.ECHO]);
    h.feed(IAC, Cmd.DONT, Opt.ECHO);
    expect(h.out()).toEqual([]);
  });

  test("an unsolicited DO ECHO outside password mode is refused", () => {
    const h = harness();
    h.feed(IAC, Cmd.DO, Opt.ECHO);
    expect(h.out()).toEqual([IAC, Cmd.WONT, Opt.ECHO]);
  });

  test("all 256 options in DO and WILL, twice, get at most one reply each and then silence", () => {
    const h = harness();
    h.session.start();
    h.out();
    const storm: number[] = [];
    for (let o = 0; o < 256; o++) storm.push(IAC, Cmd.DO, o, IAC, Cmd.WILL, o);
    h.feed(...storm);
    const first = h.out();
    const replies = new Map<string, number>();
    for (let i = 0; i < first.length; i += 3) {
      if (first[i] !== IAC) continue; // subnegotiations triggered by agreement (MSSP, TTYPE, CHARSET)
      const key = `${first[i + 1]}:${first[i + 2]}`;
      replies.set(key, (replies.get(key) ?? 0) + 1);
    }
    expect([...replies.values()].every((n) => n === 1)).toBe(true);
    h.feed(...storm);
    expect(h.out().filter((_, i, a) => a[i - 1] === IAC && (a[i] ?? 0) >= Cmd.WILL)).toEqual([]);
  });
});

describe("telnet session replies are bounded (no amplification, no growing state)", () => {
  const ttypeIs = (name: string) => [IAC, SB, Opt.TTYPE, 0, name, IAC, SE];

  test("a TTYPE IS that answers no SEND of ours is ignored", () => {
    const h = harness();
    h.session.start();
    h.feed(...ttypeIs("XTERM-256COLOR"));
    expect(h.session.capabilities).toMatchObject({ ttype: undefined, terminalTypes: [], colorDepth: "16" });
  });

  test("200,000 unique TTYPE names streamed after the cycle keep at most six names and get no reply", () => {
    const h = harness();
    h.session.start();
    h.feed(
      IAC,
      Cmd.WILL,
      Opt.TTYPE,
      ...ttypeIs("MUDLET"),
      ...ttypeIs("ANSI-256COLOR"),
      ...ttypeIs("MTTS 137"),
    );
    h.out();
    const chunk: (number | string)[] = [];
    for (let i = 0; i < 200_000; i++) {
      chunk.push(...ttypeIs(`NAME-${i}`));
      if (chunk.length > 10_000) h.feed(...chunk.splice(0));
    }
    h.feed(...chunk);
    const caps = h.session.capabilities;
    expect(caps.terminalTypes.length).toBeLessThanOrEqual(6);
    expect(caps.terminalTypes.slice(0, 3)).toEqual(["MUDLET", "ANSI-256COLOR", "MTTS 137"]);
    expect(h.out().length).toBeLessThanOrEqual(3 * 6);
  });

  test("toggling TTYPE sends at most six SENDs in the life of the connection", () => {
    const h = harness();
    h.session.start();
    h.out();
    for (let i = 0; i < 100; i++) h.feed(IAC, Cmd.WILL, Opt.TTYPE, IAC, Cmd.WONT, Opt.TTYPE);
    const out = h.out();
    const sends = out.filter((b, i) => b === SB && out[i + 1] === Opt.TTYPE).length;
    expect(sends).toBe(6);
  });

  test("the capabilities object is the same between reads and replaced when negotiation changes it", () => {
    const h = harness();
    h.session.start();
    const first = h.session.capabilities;
    expect(h.session.capabilities).toBe(first);
    h.feed(IAC, Cmd.WILL, Opt.NAWS, IAC, SB, Opt.NAWS, ...encodeNaws(100, 30), IAC, SE);
    const second = h.session.capabilities;
    expect(second).not.toBe(first);
    expect(second).toMatchObject({ width: 100, height: 30 });
    expect(h.session.capabilities).toBe(second);
  });

  test("1,000 DO/DONT MSSP toggles get the table once, and a DO a minute later gets it again", () => {
    const h = harness();
    h.session.start();
    h.out();
    const toggles: number[] = [];
    for (let i = 0; i < 1000; i++) toggles.push(IAC, Cmd.DO, Opt.MSSP, IAC, Cmd.DONT, Opt.MSSP);
    h.feed(...toggles);
    const out = h.out();
    const tables = out.filter((b, i) => b === SB && out[i + 1] === Opt.MSSP).length;
    expect(tables).toBe(1);
    expect(out.length).toBeLessThanOrEqual(toggles.length + 100);
    h.clock.advance(60_000);
    h.feed(IAC, Cmd.DO, Opt.MSSP);
    expect(h.out().slice(0, 3)).toEqual([IAC, SB, Opt.MSSP]);
  });

  test("toggling CHARSET sends the server's REQUEST once, and client REQUESTs are answered four times", () => {
    const h = harness();
    h.session.start();
    h.out();
    for (let i = 0; i < 50; i++) h.feed(IAC, Cmd.DO, Opt.CHARSET, IAC, Cmd.DONT, Opt.CHARSET);
    const toggled = h.out();
    expect(toggled.filter((b, i) => b === SB && toggled[i + 1] === Opt.CHARSET)).toHaveLength(1);
    for (let i = 0; i < 50; i++) h.feed(IAC, SB, Opt.CHARSET, 1, ";UTF-8", IAC, SE);
    const answered = h.out();
    expect(answered.filter((b, i) => b === SB && answered[i + 1] === Opt.CHARSET)).toHaveLength(4);
    expect(h.session.capabilities.utf8).toBe(true);
  });

  test("a negotiation, subnegotiation or command the connection does not admit is not acted on", () => {
    const seen: string[] = [];
    const h = harness((event, option) => {
      seen.push(`${event}:${option}`);
      return false;
    });
    h.feed(IAC, Cmd.DO, Opt.MSSP, IAC, Cmd.WILL, Opt.NAWS, IAC, SB, Opt.NAWS, ...encodeNaws(90, 20), IAC, SE);
    h.feed(IAC, Cmd.NOP);
    expect(h.out()).toEqual([]);
    expect(h.resizes).toEqual([]);
    expect(seen).toEqual([
      `negotiate:${Opt.MSSP}`,
      `negotiate:${Opt.NAWS}`,
      `subnegotiation:${Opt.NAWS}`,
      `command:${Cmd.NOP}`,
    ]);
  });
});

describe("telnet session input", () => {
  test.each<[string, (number | string)[], string[]]>([
    ["CR LF ends a line", ["look", 13, 10], ["look"]],
    ["CR NUL ends a line", ["look", 13, 0, "x", 10], ["look", "x"]],
    ["bare LF ends a line", ["a", 10, "b", 10], ["a", "b"]],
    ["NUL bytes are dropped", ["lo", 0, "ok", 10], ["look"]],
    ["invalid UTF-8 becomes U+FFFD", [0xff, 0xff, 0xc3, "a", 10], ["\ufffd\ufffda"]],
    ["backspace erases a character", ["caz", 8, "t", 10], ["cat"]],
  ])("%s", (_name, input, expected) => {
    const h = harness();
    h.feed(...input);
    expect(h.lines).toEqual(expected);
  });

  test("a 1 MiB line with no newline is held to 4 KiB and dropped with a notice at its end", () => {
    const h = harness();
    const mib = new Uint8Array(1024 * 1024).fill(65);
    h.session.receive(mib);
    expect(h.session.pendingInput).toBe(4096);
    h.feed(10, "ok", 10);
    expect(h.tooLong).toEqual([4096]);
    expect(h.lines).toEqual(["ok"]);
  });
});
