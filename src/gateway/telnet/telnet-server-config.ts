import { defaultInputBytesPerTurn } from "./connection-input.ts";
import type { ConnectionLimits } from "./telnet-connection.ts";

/** Where and how the telnet server listens. */
export interface TelnetServerConfig {
  readonly hostname: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** PEM certificate and key: the listener speaks telnet over TLS. */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** How often idle and keepalive checks run. */
  readonly sweepMs: number;
  readonly limits: ConnectionLimits;
}

/** Bounds on what one connection may cost (line, subnegotiation, input rate, output queue, idle), with room for normal play. */
export const defaultConnectionLimits: ConnectionLimits = {
  maxLine: 4 * 1024,
  maxSubnegotiation: 8 * 1024,
  inputBytesPerSecond: 8 * 1024,
  inputBurstBytes: 64 * 1024,
  outputSoftCap: 256 * 1024,
  outputHardCap: 1024 * 1024,
  idleTimeoutMs: 5 * 60_000,
  keepaliveMs: 60_000,
  inputBytesPerTurn: defaultInputBytesPerTurn,
  loginTimeoutMs: 5 * 60_000,
  // A MUD client's whole negotiation is about 30 events and a few GMCP messages; a person logs in in a few lines.
  maxProtocolEventsBeforeLogin: 1000,
  maxGmcpBeforeLogin: 32,
  maxLinesBeforeLogin: 100,
};

/** A config with defaults for everything but the address. */
export function telnetServerConfig(
  overrides: Partial<Omit<TelnetServerConfig, "limits">> & { limits?: Partial<ConnectionLimits> } = {},
): TelnetServerConfig {
  const { limits, ...rest } = overrides;
  return {
    hostname: "127.0.0.1",
    port: 4201,
    sweepMs: 10_000,
    ...rest,
    limits: { ...defaultConnectionLimits, ...limits },
  };
}
