import { describe, expect, test } from "bun:test";
import { banCoversAddress, bannedText, findBan, parseBanTarget, type SiteBan } from "./site-ban.ts";

describe("parseBanTarget", () => {
  test.each([
    ["203.0.113.7", { kind: "ip", target: "203.0.113.7" }],
    ["203.0.113.7/24", { kind: "cidr", target: "203.0.113.0/24" }],
    ["0.0.0.0/0", { kind: "cidr", target: "0.0.0.0/0" }],
    ["2001:DB8::1", { kind: "ip", target: "2001:db8::1" }],
    ["2001:db8:0:0:1::/64", { kind: "cidr", target: "2001:db8::/64" }],
    ["::/0", { kind: "cidr", target: "::/0" }],
    ["::ffff:10.1.2.3", { kind: "ip", target: "10.1.2.3" }],
    ["Griefer", { kind: "account", target: "griefer" }],
  ])("%p is read as %p", (typed, expected) => {
    expect(parseBanTarget(typed)).toEqual(expected as ReturnType<typeof parseBanTarget>);
  });

  test.each(["10.0.0.300", "10.0.0.1/33", "2001:db8::1/129", "1:2:3", "1::2::3"])(
    "%p is refused as no address",
    (typed) => {
      expect(() => parseBanTarget(typed)).toThrow("is not an IP address or a CIDR block");
    },
  );
});

describe("banCoversAddress", () => {
  test.each([
    ["203.0.113.0/24", "203.0.113.200:51234", true],
    ["203.0.113.0/24", "203.0.114.1", false],
    ["203.0.113.7", "::ffff:203.0.113.7", true],
    ["2001:db8::/32", "[2001:db8:ffff::9]:4201", true],
    ["2001:db8::/32", "2001:db9::1", false],
    ["0.0.0.0/0", "::1", false],
    ["::/0", "127.0.0.1", false],
    ["::/0", "::1", true],
  ])("a ban of %p covers %p: %p", (target, address, expected) => {
    expect(banCoversAddress(parseBanTarget(target), address)).toBe(expected);
  });
});

describe("findBan", () => {
  const bans: SiteBan[] = [
    { kind: "account", target: "griefer", reason: "spam" },
    { kind: "cidr", target: "198.51.100.0/24", reason: "abuse", expiresAt: 1_000 },
  ];

  test("an account ban matches its name in any case, an address ban its addresses until it expires", () => {
    expect(findBan(bans, { account: "GRIEFER" }, 0)?.reason).toBe("spam");
    expect(findBan(bans, { address: "198.51.100.9" }, 999)?.reason).toBe("abuse");
    expect(findBan(bans, { address: "198.51.100.9" }, 1_000)).toBeUndefined();
    expect(findBan(bans, { address: "192.0.2.1", account: "alice" }, 0)).toBeUndefined();
  });

  test("the banned line gives the reason, and the end of a ban that ends", () => {
    expect(bannedText({ reason: "spam" })).toBe("You are banned from this game: spam");
    expect(bannedText({ reason: "abuse", expiresAt: Date.UTC(2030, 0, 2, 3, 4, 5) })).toBe(
      "You are banned from this game until 2030-01-02T03:04:05Z: abuse",
    );
  });
});
