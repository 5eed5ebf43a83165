import { join } from "node:path";

/** Where HoloMUSH keeps its files, under the XDG base directories (docs/cli.md lists the layout). */
export interface XdgPaths {
  /** `$XDG_CONFIG_HOME/holomush`: config files and certificates. */
  readonly configDir: string;
  /** `<configDir>/certs`. */
  readonly certsDir: string;
  /** `$XDG_DATA_HOME/holomush`: the embedded store. */
  readonly dataDir: string;
  /** `$XDG_STATE_HOME/holomush`: pid files and logs. */
  readonly stateDir: string;
  /** `<stateDir>/logs`. */
  readonly logsDir: string;
  /** `$XDG_RUNTIME_DIR/holomush`, or `<stateDir>/run` when XDG_RUNTIME_DIR is unset: control sockets. */
  readonly runtimeDir: string;
}

/** Directory overrides from `--config-dir`, `--data-dir`, `--state-dir`, `--runtime-dir`; each names the holomush directory itself. */
export interface XdgOverrides {
  readonly configDir?: string | undefined;
  readonly dataDir?: string | undefined;
  readonly stateDir?: string | undefined;
  readonly runtimeDir?: string | undefined;
}

/** Resolves the layout from the environment, falling back as the XDG Base Directory spec says. */
export function resolveXdgPaths(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  overrides: XdgOverrides = {},
): XdgPaths {
  // Per the spec, a relative XDG_* value is invalid and must be ignored.
  const base = (name: string, fallback: string) => {
    const value = env[name];
    return value?.startsWith("/") ? value : join(home, fallback);
  };
  const configDir = overrides.configDir ?? join(base("XDG_CONFIG_HOME", ".config"), "holomush");
  const dataDir = overrides.dataDir ?? join(base("XDG_DATA_HOME", ".local/share"), "holomush");
  const stateDir = overrides.stateDir ?? join(base("XDG_STATE_HOME", ".local/state"), "holomush");
  const runtimeBase = env.XDG_RUNTIME_DIR;
  const runtimeDir =
    overrides.runtimeDir ??
    (runtimeBase?.startsWith("/") ? join(runtimeBase, "holomush") : join(stateDir, "run"));
  return {
    configDir,
    certsDir: join(configDir, "certs"),
    dataDir,
    stateDir,
    logsDir: join(stateDir, "logs"),
    runtimeDir,
  };
}
