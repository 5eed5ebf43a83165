import { describe, expect, test } from "bun:test";
import { effectiveCapabilities, globMatches, hasCapability, isValidCapability } from "./capabilities.ts";

describe("capabilities", () => {
  test.each([
    ["world.read", true],
    ["events.emit.location:*", true],
    ["world.write.rooms", true],
    ["net.http", true],
    ["events.emit.", false],
    ["fs.write", false],
  ])("%p is valid: %p", (c, valid) => {
    expect(isValidCapability(c)).toBe(valid);
  });

  test("a wildcard covers concrete streams and narrower patterns", () => {
    expect([
      globMatches("events.emit.location:*", "events.emit.location:42"),
      globMatches("events.emit.*", "events.emit.location:*"),
      globMatches("events.emit.location:*", "events.emit.char:1"),
      globMatches("a.b", "aXb"),
    ]).toEqual([true, true, false, false]);
  });
});

describe("the effective capability set", () => {
  test("holds only what the plugin requested, within its profile", () => {
    expect(
      effectiveCapabilities(["world.read", "events.emit.char:*", "net.http"], { profile: "untrusted" }),
    ).toEqual({
      allow: ["world.read"],
      deny: [],
    });
  });

  test("narrows a broad request to the ceiling", () => {
    expect(effectiveCapabilities(["events.emit.*"], { profile: "untrusted" }).allow).toEqual([
      "events.emit.location:*",
    ]);
  });

  test("admin holds whatever it requests", () => {
    expect(effectiveCapabilities(["net.http", "events.emit.*"], { profile: "admin" }).allow).toEqual([
      "events.emit.*",
      "net.http",
    ]);
  });

  test("a grant lifts the ceiling, and a revoke beats both profile and grant", () => {
    const set = effectiveCapabilities(["net.http", "events.emit.*"], {
      profile: "trusted",
      grant: ["net.http"],
      revoke: ["events.emit.char:*"],
    });
    expect([
      hasCapability(set, "net.http"),
      hasCapability(set, "events.emit.location:1"),
      hasCapability(set, "events.emit.char:1"),
      hasCapability(set, "events.emit.world"),
    ]).toEqual([true, true, false, false]);
  });
});
