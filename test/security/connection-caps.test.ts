import { afterAll, describe, expect, test } from "bun:test";
import { useTelnetGame } from "../support/telnet-game-suite.ts";
import { connectRaw, type RawClient } from "./raw-client.ts";

// The case: with --max-connections-per-ip 20, 20 telnet plus 20 TLS connections from one IP were accepted,
// because each listener kept its own count; and there was no global cap. Here the per-IP cap is 3 and the
// global cap 5, over the compiled binary's plain and TLS listeners.
const suite = useTelnetGame({ gatewayFlags: ["--max-connections-per-ip=3", "--max-connections=5"] });
const opened: RawClient[] = [];
afterAll(() => {
  for (const c of opened) c.end();
});

const banner = (c: RawClient) => c.text().includes("quit                         to leave");
const perIp = "Too many connections from your address.\r\n";
const full = "The game has all the connections it can take right now. Please try again later.\r\n";

async function admitted(options: { tls?: boolean; from?: string }): Promise<RawClient> {
  const g = suite.game();
  const c = connectRaw(options.tls ? g.tlsPort : g.telnetPort, options);
  opened.push(c);
  await c.until(banner, "the banner");
  return c;
}

async function refused(options: { tls?: boolean; from?: string }): Promise<string> {
  const g = suite.game();
  const c = connectRaw(options.tls ? g.tlsPort : g.telnetPort, options);
  opened.push(c);
  await c.until((x) => x.closed, "the refusal to close the connection");
  return c.text();
}

describe("connection caps across listeners", () => {
  let first: RawClient;

  test("the per-IP cap counts telnet and TLS connections from one address together", async () => {
    first = await admitted({});
    await admitted({});
    await admitted({ tls: true });
    expect(await refused({ tls: true })).toBe(perIp);
    expect(await refused({})).toBe(perIp);
  });

  test("past the global cap any address is told the game is full; a freed place is taken again", async () => {
    await admitted({ from: "127.0.0.2" });
    await admitted({ from: "127.0.0.2", tls: true });
    expect(await refused({ from: "127.0.0.2" })).toBe(full);
    expect(await refused({ from: "127.0.0.3", tls: true })).toBe(full);
    first.end();
    // The gateway frees the place when it sees the close; a refusal until then is expected, not a failure.
    for (let i = 0; i < 100; i++) {
      const c = connectRaw(suite.game().telnetPort, { from: "127.0.0.3" });
      opened.push(c);
      await c.until((x) => banner(x) || x.closed, "the banner or a refusal");
      if (banner(c)) return;
    }
    throw new Error("the freed place was never given to a new connection");
  });
});
