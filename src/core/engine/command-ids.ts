import type { NewId } from "#shared/util/ids.ts";

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * Event ids derived from a command's seed ULID: the seed's first 23 characters and a 3-character
 * counter, still a 26-character ULID. Re-running a command after a crash with the same seed yields
 * the same ids, so the store's idempotent append keeps it from taking effect twice (ARCHITECTURE.md §4).
 */
export function derivedIds(seed: string): NewId {
  const stem = seed.slice(0, 23).toUpperCase();
  let n = 0;
  return () => {
    let rest = n++;
    let suffix = "";
    for (let i = 0; i < 3; i++) {
      suffix = alphabet[rest % 32] + suffix;
      rest = Math.floor(rest / 32);
    }
    return stem + suffix;
  };
}
