import type { AccountCache } from "#core/accounts/account-cache.ts";
import type { StoredEvent } from "#core/events/event.ts";
import type { PolicyLibrary } from "#core/policy/policy-library.ts";
import type { WorldService } from "#core/world/world-service.ts";
import type { EventPayloads } from "#shared/events/event-schema.ts";

/** What a change committed by any core may make stale here. */
export interface OtherCoresDeps {
  readonly library: Pick<PolicyLibrary, "observe">;
  readonly world: Pick<WorldService, "observe">;
  readonly accounts: Pick<AccountCache, "forgetPlayer">;
}

/**
 * The broadcaster's listener that keeps this core's permission inputs fresh when another core on the same
 * PostgreSQL changes them (its commit's NOTIFY wakes the store subscription that feeds the broadcaster):
 * policies are reloaded, the world (flags, owners, locations) synced, and a player whose role changed is
 * read again. The decision cache needs nothing more: its key holds every attribute a decision read.
 */
export function followOtherCores(deps: OtherCoresDeps): (event: StoredEvent) => void {
  return (event) => {
    deps.library.observe(event);
    deps.world.observe(event);
    if (event.type === "role.changed")
      deps.accounts.forgetPlayer((event.payload as EventPayloads["role.changed"]).player);
  };
}
