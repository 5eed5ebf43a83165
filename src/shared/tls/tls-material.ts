import { join } from "node:path";

/** The PEM texts one side of the mTLS link needs: the root CA, its own certificate and its private key. */
export interface TlsMaterial {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** Where each certificate and key lives inside the certs directory. */
export interface CertPaths {
  readonly dir: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly coreCert: string;
  readonly coreKey: string;
  readonly gatewayCert: string;
  readonly gatewayKey: string;
}

/** The fixed file names of the certificate hierarchy inside `dir`: the CA, the core's and the gateway's. */
export function certPaths(dir: string): CertPaths {
  return {
    dir,
    caCert: join(dir, "root-ca.crt"),
    caKey: join(dir, "root-ca.key"),
    coreCert: join(dir, "core.crt"),
    coreKey: join(dir, "core.key"),
    gatewayCert: join(dir, "gateway.crt"),
    gatewayKey: join(dir, "gateway.key"),
  };
}

/** The DNS name the core certificate must carry for a game: `holomush-<game_id>`, lowercase. */
export function coreDnsName(gameId: string): string {
  return `holomush-${gameId.toLowerCase()}`;
}

/** The common name of the gateway client certificate. */
export const gatewayCommonName = "holomush-gateway";
