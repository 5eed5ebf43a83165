import { arrayOf, bool, object, str } from "./payload-check.ts";

/**
 * The events of the permission policies (stream `policy`) and of the decisions worth keeping (stream `audit`).
 * Part of eventSchema (./event-schema.ts). A policy's `text` is one Cedar policy, validated before it is stored.
 */
export const policyEventSchema = {
  policy_set: {
    streams: ["policy"],
    description:
      "`policy add <id> = <cedar>`: the policy `id` is now `text` (one Cedar policy), replacing a default or an earlier policy of that id.",
    payload: object({ id: str, text: str }),
  },
  policy_removed: {
    streams: ["policy"],
    description: "`policy remove <id>`: the policy `id` no longer counts, a default one included.",
    payload: object({ id: str }),
  },
  policy_decided: {
    streams: ["audit"],
    description:
      'A permission decision kept for audit: every denial, and every allow that only an admin-level (`@audit`) policy granted. `policies` are the ids that decided it (none for a default deny). A plugin\'s refused capability (`use_capability`, principal `Plugin::"<name>"`) is written by the plugin.',
    payload: object({
      principal: str,
      action: str,
      resource: str,
      allowed: bool,
      policies: arrayOf(str),
      reason: str,
    }),
  },
} as const;
