import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";

/**
 * Acts on the durability settings a store read back: none wrong, nothing happens; otherwise the store refuses
 * to start, because an acknowledged event could be lost, unless the operator chose --unsafe-durability, when
 * it only warns. One verdict for both stores, so they refuse and warn alike.
 */
export function durabilityVerdict(
  problems: readonly string[],
  config: { readonly unsafeDurability: boolean; readonly log: Logger },
): void {
  if (problems.length === 0) return;
  const what = problems.join("; ");
  if (!config.unsafeDurability) {
    throw new HoloError(
      "failed_precondition",
      `${what}: acknowledged events could be lost. Fix the setting, or start with --unsafe-durability.`,
    );
  }
  config.log.warn(`${what}; continuing because of --unsafe-durability`);
}
