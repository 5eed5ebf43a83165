import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";
import type { Clock } from "#shared/util/clock.ts";

// Invariant: the entry file imported "reflect-metadata" first; @peculiar/x509 needs it before it loads.

/** Paths of a certificate and its key, and whether they were just made. */
export interface CertificatePaths {
  readonly certPath: string;
  readonly keyPath: string;
  readonly generated: boolean;
}

const ecdsa = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/**
 * Returns `dir/telnet-tls.crt` and `dir/telnet-tls.key`, generating a self-signed ECDSA P-256 certificate for
 * localhost (1 year) when they are missing. The caller logs a warning when `generated` is true.
 */
export async function ensureSelfSignedCertificate(
  dir: string,
  clock: Clock,
  hostnames: readonly string[] = ["localhost"],
): Promise<CertificatePaths> {
  const certPath = join(dir, "telnet-tls.crt");
  const keyPath = join(dir, "telnet-tls.key");
  if (existsSync(certPath) && existsSync(keyPath)) return { certPath, keyPath, generated: false };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keys = await crypto.subtle.generateKey(ecdsa, true, ["sign", "verify"]);
  const serial = crypto.getRandomValues(new Uint8Array(16));
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  const now = clock.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(serial).toString("hex"),
    name: `CN=${hostnames[0] ?? "localhost"}, O=HoloMUSH`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 365 * 86_400_000),
    keys,
    signingAlgorithm: ecdsa,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...hostnames.map((h) => ({ type: "dns" as const, value: h })),
        { type: "ip", value: "127.0.0.1" },
      ]),
    ],
  });
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", keys.privateKey);
  const keyPem = x509.PemConverter.encode(pkcs8, "PRIVATE KEY");
  writeFileSync(keyPath, keyPem, { mode: 0o600 });
  writeFileSync(certPath, cert.toString("pem"), { mode: 0o644 });
  return { certPath, keyPath, generated: true };
}

/** Reads a certificate and key pair as PEM text, for startTelnetServer's `tls`. */
export function readPemPair(paths: Pick<CertificatePaths, "certPath" | "keyPath">): {
  cert: string;
  key: string;
} {
  return { cert: readFileSync(paths.certPath, "utf8"), key: readFileSync(paths.keyPath, "utf8") };
}
