import { HoloError } from "#shared/errors/holo-error.ts";
import { assertKeyMatches, readCertificateFile, readPrivateKeyFile } from "./pem-files.ts";
import { certPaths, type TlsMaterial } from "./tls-material.ts";

/** Options of loadCertificates. */
export interface LoadCertificatesOptions {
  readonly certsDir: string;
  /** Whose certificate and key to read; the gateway by default. */
  readonly role?: "gateway" | "core";
  /** Milliseconds since the epoch, to report an expired certificate; the wall clock by default. */
  readonly now?: number;
}

/**
 * Reads (never writes) the root CA and one side's certificate and key: refuses a key readable by group or
 * others, a corrupt file, a mismatched pair, or a certificate from another CA, each with a one-line error.
 */
export function loadCertificates(options: LoadCertificatesOptions): TlsMaterial {
  const paths = certPaths(options.certsDir);
  const role = options.role ?? "gateway";
  const [certPath, keyPath] =
    role === "gateway" ? [paths.gatewayCert, paths.gatewayKey] : [paths.coreCert, paths.coreKey];
  const fix = `copy root-ca.crt, ${role}.crt and ${role}.key again from the core's certs directory`;
  const ca = readCertificateFile(paths.caCert, fix);
  const cert = readCertificateFile(certPath, fix);
  const key = readPrivateKeyFile(keyPath, fix);
  assertKeyMatches(cert, key, certPath, fix);
  if (!cert.cert.checkIssued(ca.cert) || !cert.cert.verify(ca.cert.publicKey)) {
    throw new HoloError("failed_precondition", `${certPath} was not issued by ${paths.caCert}; ${fix}`);
  }
  const now = options.now ?? Date.now();
  if (Date.parse(cert.cert.validTo) < now) {
    throw new HoloError("failed_precondition", `${certPath} expired on ${cert.cert.validTo}; ${fix}`);
  }
  return { ca: ca.pem, cert: cert.pem, key: key.pem };
}
