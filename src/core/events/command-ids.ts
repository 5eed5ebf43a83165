import { createHash } from "node:crypto";
import type { NewId } from "#shared/util/ids.ts";

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * Event ids derived from a command's seed ULID: the seed's 10-character time part, then 16 characters
 * from SHA-256(seed, index), so still a 26-character ULID. Re-running a command after a crash with the
 * same seed yields the same ids, so the store's idempotent append keeps it from taking effect twice
 * (a command takes effect at most once); distinct seeds give distinct ids.
 */
export function derivedIds(seed: string): NewId {
  const time = seed.slice(0, 10).toUpperCase();
  let n = 0;
  return () => {
    const digest = createHash("sha256").update(`${seed}:${n++}`).digest();
    let random = "";
    for (let i = 0; i < 16; i++) random += alphabet[(digest[i] ?? 0) % 32];
    return time + random;
  };
}

const ulidTime = /^[0-7][0-9A-HJKMNP-TV-Z]{9}/i;

/**
 * The id seed of the command `sequence` sent by `connectionId` on `sessionId`: the same for a retry, in
 * any core process, so a command needs no durable record before it runs. A ULID:
 * the session id's time part (else zeros), then 16 characters from SHA-256 of the key.
 */
export function commandSeed(sessionId: string, connectionId: string, sequence: number): string {
  const time = ulidTime.exec(sessionId)?.[0]?.toUpperCase() ?? "0000000000";
  const digest = createHash("sha256")
    .update(JSON.stringify([sessionId, connectionId, sequence]))
    .digest();
  let random = "";
  for (let i = 0; i < 16; i++) random += alphabet[(digest[i] ?? 0) % 32];
  return time + random;
}
