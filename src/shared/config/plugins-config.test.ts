import { describe, expect, test } from "bun:test";
import { readPluginsConfig } from "./plugins-config.ts";

describe("readPluginsConfig", () => {
  test("a core.yaml without a plugins section gives the defaults", () => {
    expect(readPluginsConfig({})).toEqual({
      defaultProfile: "untrusted",
      trust: {},
      callBudgetMs: undefined,
      builtins: true,
    });
  });

  test("profiles, grants and revokes per plugin are read", () => {
    const file = {
      plugins: {
        default_profile: "trusted",
        call_budget_ms: 100,
        builtins: false,
        trust: { dice: { profile: "admin", revoke: ["fs.data"] }, echo: { grant: ["world.read"] } },
      },
    };
    expect(readPluginsConfig(file)).toEqual({
      defaultProfile: "trusted",
      callBudgetMs: 100,
      builtins: false,
      trust: {
        dice: { profile: "admin", grant: [], revoke: ["fs.data"] },
        echo: { grant: ["world.read"], revoke: [] },
      },
    });
  });

  test.each([
    [{ plugins: [] }, "must be a mapping"],
    [{ plugins: { default_profile: "root" } }, "default_profile must be one of"],
    [{ plugins: { trust: { dice: { grant: "world.read" } } } }, "trust.dice.grant must be a list"],
    [{ plugins: { call_budget_ms: -1 } }, "call_budget_ms must be a positive integer"],
  ])("a malformed section %j is refused", (file, message) => {
    expect(() => readPluginsConfig(file)).toThrow(message);
  });
});
