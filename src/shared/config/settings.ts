import { HoloError } from "../errors/holo-error.ts";

/** Which process a setting belongs to. */
export type SettingScope = "common" | "core" | "gateway";

/** One user-facing setting: a flag, its HOLOMUSH_* variable, its config-file key and its default. */
export interface SettingSpec {
  /** Flag name without dashes, e.g. `grpc-addr`. */
  readonly flag: string;
  readonly scope: SettingScope;
  readonly kind: "string" | "boolean";
  readonly description: string;
  readonly default?: string | boolean;
  /** Settings that only flags carry (directories), never env or files. */
  readonly flagOnly?: boolean;
  /** Allowed values, when closed. */
  readonly choices?: readonly string[];
}

/** Every setting HoloMUSH reads. The CLI flags, env variables and docs are derived from this table. */
export const settingSpecs: readonly SettingSpec[] = [
  {
    flag: "log-format",
    scope: "common",
    kind: "string",
    default: "json",
    choices: ["json", "text"],
    description: "Log line format: json or text",
  },
  {
    flag: "config-dir",
    scope: "common",
    kind: "string",
    flagOnly: true,
    description: "Config and certificate directory (default $XDG_CONFIG_HOME/holomush)",
  },
  {
    flag: "data-dir",
    scope: "common",
    kind: "string",
    flagOnly: true,
    description: "Data directory for the embedded store (default $XDG_DATA_HOME/holomush)",
  },
  {
    flag: "state-dir",
    scope: "common",
    kind: "string",
    flagOnly: true,
    description: "State directory for pid files and logs (default $XDG_STATE_HOME/holomush)",
  },
  {
    flag: "runtime-dir",
    scope: "common",
    kind: "string",
    flagOnly: true,
    description: "Control socket directory (default $XDG_RUNTIME_DIR/holomush)",
  },
  {
    flag: "grpc-addr",
    scope: "core",
    kind: "string",
    default: "127.0.0.1:9000",
    description: "Address the core's gRPC (mTLS) server listens on",
  },
  {
    flag: "database-url",
    scope: "core",
    kind: "string",
    description: "PostgreSQL URL; the embedded store is used when absent",
  },
  {
    flag: "unsafe-durability",
    scope: "core",
    kind: "boolean",
    default: false,
    description: "Start even when the store's durability settings are weaker than fsync-on-commit",
  },
  {
    flag: "session-ttl",
    scope: "core",
    kind: "string",
    default: "24h",
    description: "How long a session with no connections is kept (e.g. 30m, 24h, 7d)",
  },
  {
    flag: "replay-limit",
    scope: "core",
    kind: "string",
    default: "500",
    description: "Most events replayed to a reconnecting session",
  },
  {
    flag: "crowd-size",
    scope: "core",
    kind: "string",
    default: "25",
    description:
      "Connections watching one room from which its connects and disconnects are announced together, every 3 s",
  },
  {
    flag: "max-characters",
    scope: "core",
    kind: "string",
    default: "5",
    description: "Most characters one player may create (character create)",
  },
  {
    flag: "guests",
    scope: "core",
    kind: "boolean",
    default: false,
    description: "Allow `connect guest`: a temporary Guest-N character, removed when it disconnects",
  },
  {
    flag: "login-burst-per-ip",
    scope: "core",
    kind: "string",
    default: "20",
    description:
      "Logins one IP address may have in flight or failed at once before it is throttled (then 1 per 6 s); a success gives its place back",
  },
  {
    flag: "registrations-per-ip-per-hour",
    scope: "core",
    kind: "string",
    default: "5",
    description: "Most new players registered from one IP address in an hour",
  },
  {
    flag: "registrations-per-hour",
    scope: "core",
    kind: "string",
    default: "60",
    description: "Most new players registered in an hour, from all addresses together",
  },
  {
    flag: "pages-per-minute",
    scope: "core",
    kind: "string",
    default: "20",
    description: "Pages and whispers one character may send per minute, after the burst",
  },
  {
    flag: "page-burst",
    scope: "core",
    kind: "string",
    default: "10",
    description: "Pages and whispers one character may send at once before the per-minute rate applies",
  },
  {
    flag: "mail-quota",
    scope: "core",
    kind: "string",
    default: "100",
    description: "Most messages one mailbox holds; mail to a full one is refused for that recipient",
  },
  {
    flag: "mails-per-minute",
    scope: "core",
    kind: "string",
    default: "5",
    description: "Mail messages one character may send per minute, after the burst",
  },
  {
    flag: "mail-burst",
    scope: "core",
    kind: "string",
    default: "10",
    description: "Mail messages one character may send at once before the per-minute rate applies",
  },
  {
    flag: "plugin-dir",
    scope: "core",
    kind: "string",
    description: "Extra plugin directory (comma-separated list)",
  },
  {
    flag: "help-dir",
    scope: "core",
    kind: "string",
    description:
      "Directory of staff help topics (<category>/<topic>.md) that add to or replace the built-in ones, read at start and on reload (default <data-dir>/help)",
  },
  {
    flag: "motd-file",
    scope: "core",
    kind: "string",
    description:
      "Message of the day shown at login, read at start and on reload (default <config-dir>/motd.txt, when present)",
  },
  {
    flag: "connect-screen-file",
    scope: "gateway",
    kind: "string",
    description:
      "The login screen's text in server markup, read at start (default <config-dir>/connect.txt, when present)",
  },
  {
    flag: "builtin-plugins",
    scope: "core",
    kind: "string",
    default: "dice",
    description:
      "Built-in example plugins to load, comma-separated (dice, echo), or none; echo repeats every say to its speaker, a demo",
  },
  {
    flag: "core-addr",
    scope: "gateway",
    kind: "string",
    default: "127.0.0.1:9000",
    description: "Address of the core's gRPC server",
  },
  {
    flag: "telnet-addr",
    scope: "gateway",
    kind: "string",
    default: ":4201",
    description: "Telnet listen address",
  },
  {
    flag: "telnet-tls-addr",
    scope: "gateway",
    kind: "string",
    default: ":4202",
    description: "Telnet-over-TLS listen address",
  },
  {
    flag: "telnet-tls-cert",
    scope: "gateway",
    kind: "string",
    description: "PEM certificate for telnet over TLS (self-signed when absent)",
  },
  {
    flag: "telnet-tls-key",
    scope: "gateway",
    kind: "string",
    description: "PEM private key for telnet over TLS",
  },
  {
    flag: "web-addr",
    scope: "gateway",
    kind: "string",
    default: "127.0.0.1:8080",
    description: "Web listen address (the web client and its WebSocket at /ws)",
  },
  {
    flag: "web-tls-cert",
    scope: "gateway",
    kind: "string",
    description:
      "PEM certificate for the web listener: it then serves HTTPS and WSS (plain HTTP when absent)",
  },
  {
    flag: "web-tls-key",
    scope: "gateway",
    kind: "string",
    description: "PEM private key for the web listener",
  },
  {
    flag: "web-trusted-proxy",
    scope: "gateway",
    kind: "string",
    description:
      "Proxy IPs or CIDR blocks (comma-separated) whose X-Forwarded-For gives the web client's address; none by default",
  },
  {
    flag: "web-allowed-origin",
    scope: "gateway",
    kind: "string",
    description:
      "Origins (comma-separated, e.g. https://play.example.org) allowed to open the WebSocket besides the page's own host",
  },
  {
    flag: "max-connections-per-ip",
    scope: "gateway",
    kind: "string",
    default: "20",
    description: "Most connections from one IP address (an IPv6 /64), counted across all listeners",
  },
  {
    flag: "max-connections",
    scope: "gateway",
    kind: "string",
    default: "10000",
    description: "Most connections the gateway holds in all; past it a client is told the game is full",
  },
  {
    flag: "login-timeout",
    scope: "gateway",
    kind: "string",
    default: "5m",
    description: "Time from connecting to logging in before a connection is closed (e.g. 90s, 5m)",
  },
  {
    flag: "game-name",
    scope: "gateway",
    kind: "string",
    default: "HoloMUSH",
    description: "Game name shown in the banner and MSSP",
  },
];

/** The environment variable for a flag: `grpc-addr` → `HOLOMUSH_GRPC_ADDR`. */
export function envName(flag: string): string {
  return `HOLOMUSH_${flag.toUpperCase().replaceAll("-", "_")}`;
}

/** The config-file key for a flag: `grpc-addr` → `grpc_addr`. */
export function fileKey(flag: string): string {
  return flag.replaceAll("-", "_");
}

/** Where a resolved value came from. */
export type SettingSource = "flag" | "env" | "file" | "default";

/** The raw inputs, in precedence order: flags override env, which overrides the file, which overrides defaults. */
export interface SettingInputs {
  readonly flags: Readonly<Record<string, unknown>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly file: Readonly<Record<string, unknown>>;
}

/** Resolves one setting by precedence; undefined when it has no value and no default. */
export function resolveSetting(spec: SettingSpec, inputs: SettingInputs): string | boolean | undefined {
  const candidates: [SettingSource, unknown][] = [
    ["flag", inputs.flags[spec.flag]],
    ["env", spec.flagOnly ? undefined : inputs.env[envName(spec.flag)]],
    ["file", spec.flagOnly ? undefined : inputs.file[fileKey(spec.flag)]],
  ];
  for (const [source, raw] of candidates) {
    if (raw === undefined || raw === null || raw === "") continue;
    return coerce(spec, raw, source);
  }
  return spec.default;
}

function coerce(spec: SettingSpec, raw: unknown, source: SettingSource): string | boolean {
  const where =
    source === "flag"
      ? `--${spec.flag}`
      : source === "env"
        ? envName(spec.flag)
        : `config key ${fileKey(spec.flag)}`;
  if (spec.kind === "boolean") {
    if (typeof raw === "boolean") return raw;
    const text = String(raw).toLowerCase();
    if (["1", "true", "yes", "on"].includes(text)) return true;
    if (["0", "false", "no", "off"].includes(text)) return false;
    throw new HoloError("invalid_argument", `${where} must be true or false, not "${String(raw)}"`);
  }
  if (typeof raw === "object") throw new HoloError("invalid_argument", `${where} must be a string`);
  const value = String(raw);
  if (spec.choices && !spec.choices.includes(value)) {
    throw new HoloError(
      "invalid_argument",
      `${where} must be one of ${spec.choices.join(", ")}, not "${value}"`,
    );
  }
  return value;
}
