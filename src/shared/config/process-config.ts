import { homedir } from "node:os";
import { join } from "node:path";
import { HoloError } from "../errors/holo-error.ts";
import type { LogFormat } from "../log/logger.ts";
import { coreFilePath, gatewayFilePath, readConfigFile } from "./config-file.ts";
import { parseDuration, parsePositiveDuration, parsePositiveInt } from "./duration.ts";
import { type ListenAddress, parseListenAddress } from "./listen-address.ts";
import { type PluginsConfig, readPluginsConfig } from "./plugins-config.ts";
import { resolveSetting, type SettingInputs, settingSpecs } from "./settings.ts";
import { resolveXdgPaths, type XdgPaths } from "./xdg-paths.ts";

/** What both processes share. */
export interface CommonConfig {
  readonly paths: XdgPaths;
  readonly logFormat: LogFormat;
}

/** The core's validated settings. */
export interface CoreConfig extends CommonConfig {
  readonly grpcAddr: ListenAddress;
  readonly databaseUrl: string | undefined;
  readonly unsafeDurability: boolean;
  readonly sessionTtlMs: number;
  readonly replayLimit: number;
  readonly crowdSize: number;
  /** The most characters one player may have. */
  readonly maxCharacters: number;
  /** Whether `connect guest` gives a temporary Guest-N character. */
  readonly guests: boolean;
  /** Logins from one IP address in flight or failed at once, before its throttle refills 1 per 6 s. */
  readonly loginBurstPerIp: number;
  /** New players from one IP address per hour, and from everyone per hour. */
  readonly registrationsPerIpPerHour: number;
  readonly registrationsPerHour: number;
  /** Pages and whispers per character: a burst, then so many per minute. */
  readonly pagesPerMinute: number;
  readonly pageBurst: number;
  /** Messages one mailbox holds; mail per character: a burst, then so many per minute. */
  readonly mailQuota: number;
  readonly mailsPerMinute: number;
  readonly mailBurst: number;
  readonly pluginDirs: readonly string[];
  /** Staff help topics that add to or replace the built-in ones; it need not exist. */
  readonly helpDir: string;
  /** The message of the day shown at login; `required` when named by a setting (then it must exist). */
  readonly motdFile: { readonly path: string; readonly required: boolean };
  /** The built-in example plugins to load by name (`--builtin-plugins`); empty for none. */
  readonly builtinPlugins: readonly string[];
  /** core.yaml's `plugins:` section: trust profiles, grants and revokes, call budget. */
  readonly plugins: PluginsConfig;
  /** From HOLOMUSH_ADMIN_PASSWORD only: never a flag, so it stays out of `ps`. */
  readonly adminPassword: string | undefined;
  /**
   * Whether a supervisor starts the core again when it exits non-zero: systemd (INVOCATION_ID is set) or
   * `holomush dev` (HOLOMUSH_SUPERVISED=1). `@reboot` then exits 75; otherwise the core starts its replacement.
   */
  readonly supervised: boolean;
}

/** The gateway's validated settings. */
export interface GatewayConfig extends CommonConfig {
  readonly coreAddr: ListenAddress;
  readonly telnetAddr: ListenAddress;
  readonly telnetTlsAddr: ListenAddress;
  readonly webAddr: ListenAddress;
  /** PEM files for HTTPS/WSS on the web listener; both or neither. */
  readonly webTlsCert: string | undefined;
  readonly webTlsKey: string | undefined;
  /** Proxies (IPs, CIDR blocks) whose X-Forwarded-For is believed; checked by the gateway's web listener. */
  readonly webTrustedProxies: readonly string[];
  /** Origins allowed to open the WebSocket besides the page's own host. */
  readonly webAllowedOrigins: readonly string[];
  readonly telnetTlsCert: string | undefined;
  readonly telnetTlsKey: string | undefined;
  readonly gameName: string;
  /** The login screen's text (server markup): `--connect-screen-file`, else `<config-dir>/connect.txt` if present. */
  readonly connectScreenFile: { readonly path: string; readonly required: boolean };
  /** Connections allowed from one IP address (an IPv6 /64), all listeners together. */
  readonly maxConnectionsPerIp: number;
  /** Connections the gateway holds in all, all listeners together. */
  readonly maxConnections: number;
  /** From connect to authenticated, in ms; the connection is closed past it. */
  readonly loginTimeoutMs: number;
  /** From gateway.yaml, which the core writes; undefined until the core has run once. */
  readonly gameId: string | undefined;
}

/** The environment, read once here at the edge. */
export function processEnv(): Readonly<Record<string, string | undefined>> {
  return process.env;
}

/** The home directory, for XDG fallbacks. */
export function homeDirectory(): string {
  return process.env.HOME ?? homedir();
}

/** A lookup over the merged inputs. */
function reader(inputs: SettingInputs) {
  const get = (flag: string): string | undefined => {
    const spec = settingSpecs.find((s) => s.flag === flag);
    if (!spec) throw new Error(`unknown setting ${flag}`);
    const value = resolveSetting(spec, inputs);
    return value === undefined ? undefined : String(value);
  };
  return { get, bool: (flag: string) => get(flag) === "true" };
}

/** Resolves the directory layout from flags and the environment. */
export function resolvePaths(
  flags: Readonly<Record<string, unknown>>,
  env = processEnv(),
  home = homeDirectory(),
): XdgPaths {
  const dir = (flag: string) =>
    typeof flags[flag] === "string" && flags[flag] ? (flags[flag] as string) : undefined;
  return resolveXdgPaths(env, home, {
    configDir: dir("config-dir"),
    dataDir: dir("data-dir"),
    stateDir: dir("state-dir"),
    runtimeDir: dir("runtime-dir"),
  });
}

/** Builds the core's config: flags, then HOLOMUSH_* variables, then core.yaml, then defaults. */
export function loadCoreConfig(
  flags: Readonly<Record<string, unknown>>,
  env = processEnv(),
  home = homeDirectory(),
): CoreConfig {
  const paths = resolvePaths(flags, env, home);
  const file = readConfigFile(coreFilePath(paths.configDir));
  const { get, bool } = reader({ flags, env, file });
  return {
    paths,
    logFormat: get("log-format") as LogFormat,
    grpcAddr: parseListenAddress(get("grpc-addr") as string, "grpc-addr"),
    databaseUrl: get("database-url"),
    unsafeDurability: bool("unsafe-durability"),
    sessionTtlMs: parseDuration(get("session-ttl") as string, "session-ttl"),
    replayLimit: parsePositiveInt(get("replay-limit") as string, "replay-limit"),
    crowdSize: parsePositiveInt(get("crowd-size") as string, "crowd-size"),
    maxCharacters: parsePositiveInt(get("max-characters") as string, "max-characters"),
    guests: bool("guests"),
    loginBurstPerIp: parsePositiveInt(get("login-burst-per-ip") as string, "login-burst-per-ip"),
    registrationsPerIpPerHour: parsePositiveInt(
      get("registrations-per-ip-per-hour") as string,
      "registrations-per-ip-per-hour",
    ),
    registrationsPerHour: parsePositiveInt(get("registrations-per-hour") as string, "registrations-per-hour"),
    pagesPerMinute: parsePositiveInt(get("pages-per-minute") as string, "pages-per-minute"),
    pageBurst: parsePositiveInt(get("page-burst") as string, "page-burst"),
    mailQuota: parsePositiveInt(get("mail-quota") as string, "mail-quota"),
    mailsPerMinute: parsePositiveInt(get("mails-per-minute") as string, "mails-per-minute"),
    mailBurst: parsePositiveInt(get("mail-burst") as string, "mail-burst"),
    pluginDirs: (get("plugin-dir") ?? "")
      .split(",")
      .map((d) => d.trim())
      .filter(Boolean),
    helpDir: get("help-dir") ?? join(paths.dataDir, "help"),
    motdFile: optionalFileOf(get("motd-file"), paths.configDir, "motd.txt"),
    builtinPlugins: builtinPluginNames(get("builtin-plugins") as string),
    plugins: readPluginsConfig(file),
    adminPassword: env.HOLOMUSH_ADMIN_PASSWORD || undefined,
    supervised: env.HOLOMUSH_SUPERVISED === "1" || Boolean(env.INVOCATION_ID),
  };
}

/** A file flag when set (then it must exist), else the optional `<config-dir>/<name>`. */
function optionalFileOf(value: string | undefined, configDir: string, name: string) {
  return value ? { path: value, required: true } : { path: join(configDir, name), required: false };
}

/** `--builtin-plugins`: a comma-separated list of names, or `none`. Unknown names are refused by the plugin host. */
function builtinPluginNames(value: string): readonly string[] {
  const names = value
    .split(",")
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean);
  return names.length === 1 && names[0] === "none" ? [] : [...new Set(names)];
}

/** Builds the gateway's config: flags, then HOLOMUSH_* variables, then gateway.yaml, then defaults. */
export function loadGatewayConfig(
  flags: Readonly<Record<string, unknown>>,
  env = processEnv(),
  home = homeDirectory(),
): GatewayConfig {
  const paths = resolvePaths(flags, env, home);
  const file = readConfigFile(gatewayFilePath(paths.configDir));
  const { get } = reader({ flags, env, file });
  const gameId = env.HOLOMUSH_GAME_ID || (typeof file.game_id === "string" ? file.game_id : undefined);
  const cert = get("telnet-tls-cert");
  const key = get("telnet-tls-key");
  if ((cert === undefined) !== (key === undefined)) {
    throw new HoloError("invalid_argument", "--telnet-tls-cert and --telnet-tls-key must be given together");
  }
  const webCert = get("web-tls-cert");
  const webKey = get("web-tls-key");
  if ((webCert === undefined) !== (webKey === undefined)) {
    throw new HoloError("invalid_argument", "--web-tls-cert and --web-tls-key must be given together");
  }
  const list = (flag: string): string[] =>
    ((get(flag) as string | undefined) ?? "")
      .split(",")
      .map((v) => v.trim())
      .filter((v) => v !== "");
  const webAllowedOrigins = list("web-allowed-origin");
  for (const origin of webAllowedOrigins) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin.replace(/\/+$/, ""))
      throw new HoloError(
        "invalid_argument",
        `--web-allowed-origin: "${origin}" is not an origin (scheme://host[:port], e.g. https://play.example.org)`,
      );
  }
  return {
    paths,
    logFormat: get("log-format") as LogFormat,
    coreAddr: parseListenAddress(get("core-addr") as string, "core-addr"),
    telnetAddr: parseListenAddress(get("telnet-addr") as string, "telnet-addr"),
    telnetTlsAddr: parseListenAddress(get("telnet-tls-addr") as string, "telnet-tls-addr"),
    webAddr: parseListenAddress(get("web-addr") as string, "web-addr"),
    webTlsCert: webCert,
    webTlsKey: webKey,
    webTrustedProxies: list("web-trusted-proxy"),
    webAllowedOrigins,
    telnetTlsCert: cert,
    telnetTlsKey: key,
    gameName: get("game-name") as string,
    connectScreenFile: optionalFileOf(get("connect-screen-file"), paths.configDir, "connect.txt"),
    maxConnectionsPerIp: parsePositiveInt(get("max-connections-per-ip") as string, "max-connections-per-ip"),
    maxConnections: parsePositiveInt(get("max-connections") as string, "max-connections"),
    loginTimeoutMs: parsePositiveDuration(get("login-timeout") as string, "login-timeout"),
    gameId,
  };
}
