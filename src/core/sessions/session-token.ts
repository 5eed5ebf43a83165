import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A new resume token: 256 random bits, base64url. Opaque, and unrelated to the session id. */
export function newResumeToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The stored form of a token: its SHA-256, base64url. The token itself is never stored. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("base64url");
}

/** Compares two token hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}
