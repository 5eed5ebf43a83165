import type { X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import {
  type IssuedPem,
  issueCoreCertificate,
  issueGatewayCertificate,
  issueRootCa,
  type SigningCa,
} from "./issue-certificates.ts";
import {
  assertKeyMatches,
  ensurePrivateDir,
  readCertificateFile,
  readPrivateKeyFile,
  writeFileAtomic,
} from "./pem-files.ts";
import { type CertPaths, certPaths, coreDnsName, type TlsMaterial } from "./tls-material.ts";

/** Collaborators of ensureCertificates. */
export interface EnsureCertificatesDeps {
  /** The certs directory, e.g. `$XDG_CONFIG_HOME/holomush/certs`; created 0700 when missing. */
  readonly certsDir: string;
  /** The game's id (a ULID); the core certificate carries `holomush-<game_id lowercase>`. */
  readonly gameId: string;
  readonly clock: Clock;
  readonly log: Logger;
}

/** One of the three certificates of the hierarchy. */
export type CertName = "root-ca" | "core" | "gateway";

/** The certificates after ensureCertificates: PEMs for both sides, the paths, and what was (re)issued. */
export interface Certificates {
  readonly paths: CertPaths;
  readonly core: TlsMaterial;
  readonly gateway: TlsMaterial;
  readonly issued: readonly CertName[];
}

/** A leaf is re-issued when it expires within this many days. */
export const renewWithinDays = 30;

/**
 * Creates the CA, core and gateway certificates on first run, re-issues a leaf that is missing, expiring,
 * from another CA, or (for the core) lacking `holomush-<game_id>`; refuses keys that group or others can read.
 */
export async function ensureCertificates(deps: EnsureCertificatesDeps): Promise<Certificates> {
  const paths = certPaths(deps.certsDir);
  ensurePrivateDir(paths.dir);
  const issued: CertName[] = [];
  const ca = await ensureCa(paths, deps.clock);
  if (ca.fresh) issued.push("root-ca");

  const core = await ensureLeaf(paths.coreCert, paths.coreKey, ca.fresh, (cert) =>
    reasonToReissue(cert, ca.x509, deps.clock, coreDnsName(deps.gameId)),
  );
  const gateway = await ensureLeaf(paths.gatewayCert, paths.gatewayKey, ca.fresh, (cert) =>
    reasonToReissue(cert, ca.x509, deps.clock, undefined),
  );
  if (core.reissue) {
    writeIssued(paths.coreCert, paths.coreKey, await issueCoreCertificate(ca, deps.gameId, deps.clock));
    issued.push("core");
  }
  if (gateway.reissue) {
    writeIssued(paths.gatewayCert, paths.gatewayKey, await issueGatewayCertificate(ca, deps.clock));
    issued.push("gateway");
  }
  logOutcome(deps, issued, core.reason);
  const read = (cert: string, key: string): TlsMaterial => ({
    ca: ca.cert,
    cert: readCertificateFile(cert, deleteFix(cert, key)).pem,
    key: readPrivateKeyFile(key, deleteFix(cert, key)).pem,
  });
  return {
    paths,
    core: read(paths.coreCert, paths.coreKey),
    gateway: read(paths.gatewayCert, paths.gatewayKey),
    issued,
  };
}

interface LoadedCa extends SigningCa {
  readonly fresh: boolean;
  readonly x509: X509Certificate;
}

async function ensureCa(paths: CertPaths, clock: Clock): Promise<LoadedCa> {
  const hasCert = existsSync(paths.caCert);
  const hasKey = existsSync(paths.caKey);
  if (!hasCert && !hasKey) {
    const fresh = await issueRootCa(clock);
    writeIssued(paths.caCert, paths.caKey, fresh);
  } else if (!hasCert || !hasKey) {
    const missing = hasCert ? paths.caKey : paths.caCert;
    throw new HoloError(
      "failed_precondition",
      `${missing} is missing but its pair exists; restore it, or remove ${paths.dir} to generate new certificates`,
    );
  }
  const fix = `restore it, or remove ${paths.dir} to generate new certificates`;
  const cert = readCertificateFile(paths.caCert, fix);
  const key = readPrivateKeyFile(paths.caKey, fix);
  assertKeyMatches(cert, key, paths.caCert, fix);
  return { cert: cert.pem, key: key.pem, fresh: !hasCert, x509: cert.cert };
}

interface LeafDecision {
  readonly reissue: boolean;
  readonly reason: string | undefined;
}

async function ensureLeaf(
  certPath: string,
  keyPath: string,
  caIsFresh: boolean,
  judge: (cert: X509Certificate) => string | undefined,
): Promise<LeafDecision> {
  if (caIsFresh) return { reissue: true, reason: "new CA" };
  if (!existsSync(certPath) || !existsSync(keyPath)) return { reissue: true, reason: "missing" };
  const fix = deleteFix(certPath, keyPath);
  const cert = readCertificateFile(certPath, fix);
  const key = readPrivateKeyFile(keyPath, fix);
  const reason = judge(cert.cert);
  if (reason !== undefined) return { reissue: true, reason };
  assertKeyMatches(cert, key, certPath, fix);
  return { reissue: false, reason: undefined };
}

function reasonToReissue(
  cert: X509Certificate,
  caCert: X509Certificate,
  clock: Clock,
  requiredDns: string | undefined,
): string | undefined {
  if (!cert.checkIssued(caCert) || !cert.verify(caCert.publicKey)) return "issued by another CA";
  if (Date.parse(cert.validTo) - clock.now() < renewWithinDays * 86_400_000) return "expiring";
  if (Date.parse(cert.validFrom) > clock.now()) return "not yet valid";
  if (requiredDns !== undefined && !sanDnsNames(cert).includes(requiredDns))
    return `SAN lacks ${requiredDns}`;
  return undefined;
}

/** The DNS names in a certificate's subjectAltName. */
export function sanDnsNames(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.startsWith("DNS:"))
    .map((s) => s.slice(4).toLowerCase());
}

function writeIssued(certPath: string, keyPath: string, pem: IssuedPem): void {
  // Key first: a crash between the writes leaves a key with a stale certificate, which the next start re-issues.
  writeFileAtomic(keyPath, pem.key, 0o600);
  writeFileAtomic(certPath, pem.cert, 0o644);
}

function deleteFix(certPath: string, keyPath: string): string {
  return `delete ${certPath} and ${keyPath} to have them re-issued`;
}

function logOutcome(
  deps: EnsureCertificatesDeps,
  issued: readonly CertName[],
  coreReason: string | undefined,
): void {
  if (issued.length === 0) {
    deps.log.info(`using TLS certificates in ${deps.certsDir}`);
    return;
  }
  const why =
    issued.includes("core") && !issued.includes("root-ca") && coreReason !== undefined
      ? ` (core: ${coreReason})`
      : "";
  deps.log.info(`wrote TLS certificates (${issued.join(", ")}) to ${deps.certsDir}${why}`);
}
