import { describe, expect, test } from "bun:test";
import { encodeNaws } from "./option-codecs.ts";
import { Cmd, Opt } from "./telnet-constants.ts";
import { createTelnetSession, type TelnetSession } from "./telnet-session.ts";

interface Harness {
  session: TelnetSession;
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

function harness(): Harness {
  let written: number[] = [];
  const h: Omit<Harness, "session" | "out" | "feed"> = { lines: [], tooLong: [], resizes: [], gmcp: [] };
  const session = createTelnetSession({
    write: (b) => written.push(...b),
    line: (l) => h.lines.push(l),
    lineTooLong: (n) => h.tooLong.push(n),
    resize: (w, ht) => h.resizes.push([w, ht]),
    gmcp: (p, d) => h.gmcp.push([p, d]),
    mssp: () => ({ NAME: "Holo", PLAYERS: 3, TLS: 4202 }),
  });
  return {
    ...h,
    session,
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
