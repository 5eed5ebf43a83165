import { checkServerIdentity, type PeerCertificate } from "node:tls";
import type { Transport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { sendWire } from "#shared/rpc/core-wire.ts";
import type { TlsMaterial } from "#shared/tls/tls-material.ts";
import { coreDnsName } from "#shared/tls/tls-material.ts";

/** What the gateway dials the core with. */
export interface CoreTransportConfig {
  /** The core's gRPC address, `host:port`. */
  readonly coreAddr: string;
  /** The game id from gateway.yaml; the core certificate must carry `holomush-<game_id>`. */
  readonly gameId: string;
  /** The root CA, the gateway certificate and its key. */
  readonly certs: TlsMaterial;
  /** HTTP/2 PING interval, to notice a frozen core (one stopped by SIGSTOP keeps its socket open); 10 s by default. */
  readonly pingIntervalMs?: number;
  /** How long a PING may go unanswered before the connection is dropped; 5 s by default. */
  readonly pingTimeoutMs?: number;
}

/** The gateway's transport to the core, and the last certificate identity failure it saw. */
export interface CoreTransport {
  readonly transport: Transport;
  /** The last SAN failure since the previous call, as a sentence, then forgets it. */
  takeIdentityError(): string | undefined;
}

/** The sentence for a core whose certificate lacks this game's name. */
export function anotherGameMessage(coreAddr: string, gameId: string): string {
  return `core at ${coreAddr} has a certificate for another game (expected ${coreDnsName(gameId)})`;
}

/**
 * Builds the certificate check: `DNS:holomush-<game_id>` must be in the SAN (calling `onMismatch` with a
 * sentence when it is not), then the default host check runs.
 */
export function coreIdentityCheck(
  coreAddr: string,
  gameId: string,
  onMismatch: (message: string) => void,
): (host: string, cert: PeerCertificate) => Error | undefined {
  const expected = `dns:${coreDnsName(gameId)}`;
  return (host, cert) => {
    const names = (cert.subjectaltname ?? "").split(",").map((s) => s.trim().toLowerCase());
    if (!names.includes(expected)) {
      const message = anotherGameMessage(coreAddr, gameId);
      onMismatch(message);
      return new Error(message);
    }
    return checkServerIdentity(host, cert);
  };
}

/** Creates the Connect-gRPC transport over HTTP/2 with mTLS and the game_id SAN pin. */
export function createCoreTransport(config: CoreTransportConfig): CoreTransport {
  let identityError: string | undefined;
  const transport = createGrpcTransport({
    baseUrl: `https://${config.coreAddr}`,
    pingIntervalMs: config.pingIntervalMs ?? 10_000,
    pingTimeoutMs: config.pingTimeoutMs ?? 5_000,
    // No compression on the core link: a feed item names every connection it is for, so most pass the
    // 1 KiB threshold, and gzip then cost the core about 8 % and the gateway about 13 % of their CPU under
    // closed-loop load (profiles in docs/performance.md) to save bytes on a link that is usually loopback.
    acceptCompression: [],
    // Every call names this gateway's wire revision; a core of another one refuses it (core-wire.ts).
    interceptors: [sendWire],
    nodeOptions: {
      ca: config.certs.ca,
      cert: config.certs.cert,
      key: config.certs.key,
      // Invariant: always explicit. With NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment an implicit
      // default lets checkServerIdentity be skipped and a core of another game accepted.
      rejectUnauthorized: true,
      minVersion: "TLSv1.3",
      // The host checked is holomush-<game_id>, not the dialled host, so a gateway on another machine can
      // dial the core by any name or address.
      servername: coreDnsName(config.gameId),
      checkServerIdentity: coreIdentityCheck(config.coreAddr, config.gameId, (message) => {
        identityError = message;
      }),
    },
  });
  return {
    transport,
    takeIdentityError() {
      const taken = identityError;
      identityError = undefined;
      return taken;
    },
  };
}
