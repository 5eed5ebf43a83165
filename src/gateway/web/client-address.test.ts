import { describe, expect, test } from "bun:test";
import { clientAddress, originAllowed, parseTrustedProxies } from "./client-address.ts";

describe("trusted proxies and forwarded addresses", () => {
  const trusted = parseTrustedProxies(["10.0.0.0/8", "2001:db8::/32", "192.0.2.7"]);

  test.each([
    ["10.1.2.3", true],
    ["::ffff:10.1.2.3", true],
    ["11.0.0.1", false],
    ["192.0.2.7", true],
    ["192.0.2.8", false],
    ["2001:db8:1::5", true],
    ["2001:db9::1", false],
    ["not an ip", false],
  ])("%s is trusted: %p", (address, expected) => {
    expect(trusted.has(address)).toBe(expected);
  });

  test("the right-most untrusted hop of X-Forwarded-For is the client", () => {
    expect(clientAddress("10.0.0.1", "198.51.100.1, 203.0.113.9, 10.2.2.2", trusted)).toBe("203.0.113.9");
  });

  test("a peer that is not a trusted proxy is the client, whatever it forwards", () => {
    expect(clientAddress("203.0.113.50", "198.51.100.1", trusted)).toBe("203.0.113.50");
  });

  test("a garbled hop falls back to the peer", () => {
    expect(clientAddress("10.0.0.1", "198.51.100.1, <script>", trusted)).toBe("10.0.0.1");
  });

  test("a bad block is refused with the flag named", () => {
    expect(() => parseTrustedProxies(["10.0.0.0/33"])).toThrow("--web-trusted-proxy");
  });
});

describe("the Origin check", () => {
  test.each([
    [null, "game.example:8080", [], true],
    ["http://game.example:8080", "game.example:8080", [], true],
    ["https://evil.example", "game.example:8080", [], false],
    ["https://play.example.org", "game.example:8080", ["https://play.example.org"], true],
    ["null", "game.example:8080", [], false],
  ] as const)("origin %p on host %p allowed %p: %p", (origin, host, allowed, expected) => {
    expect(originAllowed(origin, host, allowed)).toBe(expected);
  });
});
