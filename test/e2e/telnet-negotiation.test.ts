import { describe, expect, test } from "bun:test";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { useTelnetGame } from "../support/telnet-game-suite.ts";
import { loginPlayer } from "../support/telnet-player.ts";

// MSSP and NAWS observed by byte capture and with a real client (TinTin++), and telnet over TLS
// with `openssl s_client`.
const MSSP = 70;
const NAWS = 31;
const IAC = 255;
const SB = 250;
const SE = 240;
const tintin = ["/usr/games/tt++", "/usr/bin/tt++"].find((p) => existsSync(p));
const suite = useTelnetGame();
const connect = suite.connect;

/** MSSP variables from `IAC SB MSSP (VAR name VAL value)* IAC SE` (MSSP spec: VAR = 1, VAL = 2). */
function msspVariables(data: Uint8Array): Record<string, string> {
  const text = new TextDecoder().decode(data);
  const table: Record<string, string> = {};
  for (const pair of text.split("\u0001").slice(1)) {
    const [name, ...values] = pair.split("\u0002");
    if (name !== undefined) table[name] = values.join(",");
  }
  return table;
}

/** Output that spawns a process and waits for conditions on its stdout. */
async function collect(proc: Bun.Subprocess<"pipe", "pipe", "pipe">) {
  let out = "";
  const waiters = new Set<() => void>();
  void (async () => {
    for await (const chunk of proc.stdout) {
      out += new TextDecoder().decode(chunk);
      for (const w of [...waiters]) w();
    }
  })();
  return {
    get text() {
      return out;
    },
    until: (check: (text: string) => boolean, what: string) =>
      new Promise<void>((resolve, reject) => {
        const guard = setTimeout(
          () => reject(new Error(`gave up waiting for ${what}; got:\n${out}`)),
          15_000,
        );
        const attempt = () => {
          if (!check(out)) return;
          waiters.delete(attempt);
          clearTimeout(guard);
          resolve();
        };
        waiters.add(attempt);
        attempt();
      }),
  };
}

describe("MSSP and NAWS by byte capture", () => {
  test("a client that agrees to MSSP receives NAME, PLAYERS, UPTIME, CODEBASE, PORT, TLS and CHARSET", async () => {
    const crawler = await connect({ accept: [MSSP] });
    await crawler.until(() => crawler.subnegotiations.some((s) => s.option === MSSP), "the MSSP table");
    const table = msspVariables(
      crawler.subnegotiations.find((s) => s.option === MSSP)?.data ?? new Uint8Array(),
    );
    expect(table.NAME).toBe("HoloMUSH");
    expect(table.PLAYERS).toMatch(/^\d+$/);
    expect(Number(table.UPTIME)).toBeGreaterThan(1_600_000_000);
    expect(table.CODEBASE).toStartWith("HoloMUSH ");
    expect(table.PORT).toBe(String(suite.game().telnetPort));
    expect(table.TLS).toBe(String(suite.game().tlsPort));
    expect(table.CHARSET).toBe("UTF-8");
  });

  test("a long say wraps at the client's NAWS width, and a resize is followed", async () => {
    const narrow = await connect({ naws: { width: 30, height: 24 } });
    await loginPlayer(narrow, "Nora", "nora-pass-phrase");
    const talker = await connect();
    await loginPlayer(talker, "Tom", "tom-pass-phrase");
    const words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";

    let from = narrow.lines.length;
    talker.send(`say ${words}`);
    await narrow.waitForLine(/mu"$/, from);
    const wrapped = narrow.lines.slice(from);
    expect(wrapped.length).toBeGreaterThan(2);
    expect(wrapped.every((l) => l.length <= 30)).toBe(true);
    expect(wrapped.join(" ")).toBe(`Tom says, "${words}"`);

    await narrow.write([IAC, SB, NAWS, 0, 200, 0, 50, IAC, SE]);
    from = narrow.lines.length;
    talker.send(`say ${words}`);
    await narrow.waitForLine(/mu"$/, from);
    expect(narrow.lines.slice(from)).toEqual([`Tom says, "${words}"`]);
  });
});

describe.skipIf(!tintin)("a real client: TinTin++ on a 50-column terminal", () => {
  test("negotiates NAWS 50x24 and MCCP2, reads the MSSP table, logs in and says a line another player receives", async () => {
    const observer = await connect();
    await loginPlayer(observer, "Otto", "otto-pass-phrase");
    const line = "this line comes from TinTin++ over real telnet";
    const script = join(suite.game().dirs.root, "client.tin");
    writeFileSync(
      script,
      [
        "#config {debug telnet} on",
        "#action {to leave} {register Tintin tintin-pass-phrase}",
        // look, who and help give the zlib stream some text to compress.
        `#action {Welcome, Tintin.} {look; who; help; say ${line}}`,
        "#action {You say} {#info mccp; #end}",
        `#session game 127.0.0.1 ${suite.game().telnetPort}`,
        "",
      ].join("\n"),
    );
    // TinTin++ needs a terminal: `script` gives it a pty, sized by stty.
    const proc = Bun.spawn(
      ["script", "-qfec", `stty cols 50 rows 24; exec ${tintin} ${script}`, "/dev/null"],
      {
        stdin: "pipe",
        stdout: "pipe",
        stderr: "pipe",
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: suite.game().dirs.root, TERM: "xterm" },
      },
    );
    try {
      const out = await collect(proc);
      const from = observer.lines.length;
      await observer.waitForLine(`Tintin says, "${line}"`, from);
      expect(await proc.exited).toBe(0);
      // Strip escapes and the client's own wrapping at 50 columns.
      const esc = String.fromCharCode(27);
      const plain = out.text
        .replace(new RegExp(`${esc}\\][^\\u0007]*\\u0007|${esc}\\[[0-9;?>]*[A-Za-z]|${esc}[=>]`, "g"), "")
        .replace(/\s+/g, " ");
      expect(plain).toContain("SENT IAC DO MSSP");
      expect(plain).toContain("SENT IAC SB NAWS 0 50 0 24");
      expect(plain).toMatch(/VAR NAME VAL HoloMUSH /);
      expect(plain).toMatch(/VAR PLAYERS VAL \d+ /);
      expect(plain).toMatch(/VAR UPTIME VAL \d{10} /);
      expect(plain).toContain(`VAR TLS VAL ${suite.game().tlsPort} `);
      expect(plain).toContain("SENT IAC SB CHARSET ACCEPTED UTF-8");
      expect(plain).toContain("VAR MCCP VAL 1 ");
      expect(plain).toContain("SENT IAC DO MCCP2");
      expect(plain).toContain("INFO MCCP2 INITIALIZED");
      // TinTin++'s own count: IN is compressed bytes off the wire, OUT the bytes they inflated to.
      const mccp = /MCCP2: TOTAL IN: (\d+) TOTAL OUT: (\d+) PERCENT: (\d+)/.exec(plain);
      expect(mccp).not.toBeNull();
      const [wire, inflated] = [Number(mccp?.[1]), Number(mccp?.[2])];
      process.stdout.write(
        `TinTin++ MCCP2: ${wire} bytes on the wire inflated to ${inflated} (${mccp?.[3]}%)\n`,
      );
      expect(wire).toBeGreaterThan(0);
      expect(wire).toBeLessThan(inflated);
    } finally {
      proc.kill();
    }
  }, 30_000);
});

describe("telnet over TLS", () => {
  test("openssl s_client sees the banner and logs in", async () => {
    const proc = Bun.spawn(
      ["openssl", "s_client", "-connect", `127.0.0.1:${suite.game().tlsPort}`, "-quiet"],
      {
        stdin: "pipe",
        stdout: "pipe",
        stderr: "pipe",
      },
    );
    try {
      const out = await collect(proc);
      await out.until((t) => t.includes("Welcome to HoloMUSH!"), "the banner over TLS");
      proc.stdin.write("register Tess tess-pass-phrase\r\n");
      await proc.stdin.flush();
      await out.until((t) => t.includes("Welcome, Tess."), "the login over TLS");
      proc.stdin.write("say over TLS\r\n");
      await proc.stdin.flush();
      await out.until((t) => t.includes('You say, "over TLS"'), "a say over TLS");
    } finally {
      proc.kill();
    }
  });
});
