import * as x509 from "@peculiar/x509";
import type { Clock } from "#shared/util/clock.ts";
import { coreDnsName, gatewayCommonName } from "./tls-material.ts";

// Invariant: the caller's entry file imported "reflect-metadata" before this module; @peculiar/x509 needs it, and
// imported later the bundler's evaluation order breaks lazily loaded subcommands in the compiled binary.

const ecdsa = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const dayMs = 86_400_000;
const backdateMs = 60_000;

/** How long each certificate is valid for: the CA 10 years, each leaf 1 year (re-issued at start before it expires). */
export const validity = { caDays: 3650, leafDays: 365 } as const;

/** A freshly issued certificate and its private key, both PEM. */
export interface IssuedPem {
  readonly cert: string;
  readonly key: string;
}

/** A CA able to sign leaf certificates. */
export interface SigningCa {
  readonly cert: string;
  readonly key: string;
}

/** A random positive serial: 16 bytes, top bit clear so the DER INTEGER is positive, second bit set so it is minimal. */
export function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return Buffer.from(bytes).toString("hex");
}

/** Issues the self-signed root CA: 10 years, CA:TRUE (critical), keyCertSign + cRLSign. */
export async function issueRootCa(clock: Clock): Promise<IssuedPem> {
  const keys = await newKeyPair();
  const now = clock.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: "CN=HoloMUSH Root CA, O=HoloMUSH",
    notBefore: new Date(now - backdateMs),
    notAfter: new Date(now + validity.caDays * dayMs),
    keys,
    signingAlgorithm: ecdsa,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString("pem"), key: await exportKey(keys.privateKey) };
}

/** Issues the core server certificate: 1 year, serverAuth, SANs localhost, 127.0.0.1 and holomush-<game_id>. */
export async function issueCoreCertificate(ca: SigningCa, gameId: string, clock: Clock): Promise<IssuedPem> {
  return issueLeaf(ca, clock, {
    subject: `CN=${coreDnsName(gameId)}, O=HoloMUSH`,
    usage: x509.ExtendedKeyUsage.serverAuth,
    sans: [
      { type: "dns", value: "localhost" },
      { type: "ip", value: "127.0.0.1" },
      { type: "dns", value: coreDnsName(gameId) },
    ],
  });
}

/** Issues the gateway client certificate: 1 year, clientAuth, CN holomush-gateway. */
export async function issueGatewayCertificate(ca: SigningCa, clock: Clock): Promise<IssuedPem> {
  return issueLeaf(ca, clock, {
    subject: `CN=${gatewayCommonName}, O=HoloMUSH`,
    usage: x509.ExtendedKeyUsage.clientAuth,
    sans: [{ type: "dns", value: gatewayCommonName }],
  });
}

interface LeafSpec {
  readonly subject: string;
  readonly usage: string;
  readonly sans: x509.JsonGeneralName[];
}

async function issueLeaf(ca: SigningCa, clock: Clock, spec: LeafSpec): Promise<IssuedPem> {
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await importKey(ca.key);
  const keys = await newKeyPair();
  const now = clock.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: spec.subject,
    issuer: caCert.subject,
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: ecdsa,
    notBefore: new Date(now - backdateMs),
    notAfter: new Date(now + validity.leafDays * dayMs),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      // ECDSA keys only sign during the handshake; keyEncipherment applies to RSA key transport.
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([spec.usage]),
      new x509.SubjectAlternativeNameExtension(spec.sans),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
    ],
  });
  return { cert: cert.toString("pem"), key: await exportKey(keys.privateKey) };
}

async function newKeyPair(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(ecdsa, true, ["sign", "verify"])) as CryptoKeyPair;
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey("pkcs8", key);
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

async function importKey(pem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decodeFirst(pem);
  return crypto.subtle.importKey("pkcs8", der, ecdsa, false, ["sign"]);
}
