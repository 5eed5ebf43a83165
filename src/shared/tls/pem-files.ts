import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { describeError, HoloError } from "#shared/errors/holo-error.ts";

/** A certificate read from disk: its PEM text and the parsed form. */
export interface CertificateFile {
  readonly pem: string;
  readonly cert: X509Certificate;
}

/** A private key read from disk: its PEM text and the parsed form. */
export interface PrivateKeyFile {
  readonly pem: string;
  readonly key: KeyObject;
}

/** Creates `dir` (and parents) with mode 0700 when it does not exist. */
export function ensurePrivateDir(dir: string): void {
  if (existsSync(dir)) return;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  } catch (error) {
    throw new HoloError("failed_precondition", `cannot create ${dir}: ${describeError(error)}`, {
      cause: error,
    });
  }
}

/** Writes `text` to `path` with `mode` atomically: a temporary file created with the mode, then a rename. */
export function writeFileAtomic(path: string, text: string, mode: number): void {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    // Invariant: the file is created with its final mode, so a key is never briefly readable by others.
    writeFileSync(tmp, text, { mode, flag: "wx" });
    chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (error) {
    throw new HoloError("failed_precondition", `cannot write ${path}: ${describeError(error)}`, {
      cause: error,
    });
  }
}

/** Refuses a private key file that group or others can read, since whoever reads it can pose as the core or gateway. */
export function assertKeyFilePrivate(path: string): void {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new HoloError(
      "failed_precondition",
      `private key ${path} is readable by group or others (mode ${mode.toString(8).padStart(4, "0")}); fix it with: chmod 600 ${path}`,
    );
  }
}

/** Reads and parses a PEM certificate, with a one-line error naming the file when it is missing or corrupt. */
export function readCertificateFile(path: string, fix: string): CertificateFile {
  const pem = readText(path, fix);
  try {
    return { pem, cert: new X509Certificate(pem) };
  } catch (error) {
    throw new HoloError(
      "failed_precondition",
      `${path} is not a valid PEM certificate (${describeError(error)}); ${fix}`,
      {
        cause: error,
      },
    );
  }
}

/** Reads and parses a PEM private key after checking its mode, with a one-line error when corrupt. */
export function readPrivateKeyFile(path: string, fix: string): PrivateKeyFile {
  const pem = readText(path, fix);
  assertKeyFilePrivate(path);
  try {
    return { pem, key: createPrivateKey(pem) };
  } catch (error) {
    throw new HoloError(
      "failed_precondition",
      `${path} is not a valid PEM private key (${describeError(error)}); ${fix}`,
      {
        cause: error,
      },
    );
  }
}

/** Refuses a certificate/key pair whose public halves differ. */
export function assertKeyMatches(
  cert: CertificateFile,
  key: PrivateKeyFile,
  certPath: string,
  fix: string,
): void {
  const fromKey = createPublicKey(key.key).export({ type: "spki", format: "der" });
  const fromCert = cert.cert.publicKey.export({ type: "spki", format: "der" });
  if (!fromCert.equals(fromKey)) {
    throw new HoloError("failed_precondition", `${certPath} does not match its private key; ${fix}`);
  }
}

function readText(path: string, fix: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "is missing"
        : `cannot be read (${describeError(error)})`;
    throw new HoloError("failed_precondition", `${path} ${reason}; ${fix}`, { cause: error });
  }
}
