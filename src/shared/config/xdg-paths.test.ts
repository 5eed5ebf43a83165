import { describe, expect, test } from "bun:test";
import { resolveXdgPaths } from "./xdg-paths.ts";

describe("resolveXdgPaths", () => {
  test("uses the XDG variables when they are set", () => {
    const env = {
      XDG_CONFIG_HOME: "/x/config",
      XDG_DATA_HOME: "/x/data",
      XDG_STATE_HOME: "/x/state",
      XDG_RUNTIME_DIR: "/run/user/1000",
    };
    expect(resolveXdgPaths(env, "/home/alice")).toEqual({
      configDir: "/x/config/holomush",
      certsDir: "/x/config/holomush/certs",
      dataDir: "/x/data/holomush",
      stateDir: "/x/state/holomush",
      logsDir: "/x/state/holomush/logs",
      runtimeDir: "/run/user/1000/holomush",
    });
  });

  test("falls back to the spec's defaults under the home directory, and puts sockets under state/run", () => {
    expect(resolveXdgPaths({}, "/home/alice")).toEqual({
      configDir: "/home/alice/.config/holomush",
      certsDir: "/home/alice/.config/holomush/certs",
      dataDir: "/home/alice/.local/share/holomush",
      stateDir: "/home/alice/.local/state/holomush",
      logsDir: "/home/alice/.local/state/holomush/logs",
      runtimeDir: "/home/alice/.local/state/holomush/run",
    });
  });

  test("ignores relative XDG values, as the spec requires", () => {
    const paths = resolveXdgPaths({ XDG_CONFIG_HOME: "relative/dir", XDG_RUNTIME_DIR: "run" }, "/h");
    expect(paths.configDir).toBe("/h/.config/holomush");
    expect(paths.runtimeDir).toBe("/h/.local/state/holomush/run");
  });

  test("directory flags override everything, and the run fallback follows an overridden state dir", () => {
    const paths = resolveXdgPaths({ XDG_CONFIG_HOME: "/x/config" }, "/h", {
      configDir: "/t/c",
      dataDir: "/t/d",
      stateDir: "/t/s",
    });
    expect(paths).toEqual({
      configDir: "/t/c",
      certsDir: "/t/c/certs",
      dataDir: "/t/d",
      stateDir: "/t/s",
      logsDir: "/t/s/logs",
      runtimeDir: "/t/s/run",
    });
  });
});
