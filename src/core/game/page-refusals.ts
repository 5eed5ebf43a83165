import type { Speaker } from "#core/comms/comm-event.ts";
import type { Addressee } from "#core/comms/messages.ts";
import type { Permissions } from "#core/policy/permissions.ts";

/**
 * The recipients a page or whisper from `from` may not reach: each is one `page` decision on that character
 * (audited when denied, as every denial is). Page blocks reach the decision as the recipient's `blocks`.
 */
export function pageRefusals(permissions: Permissions) {
  return async <T extends Addressee>(from: Speaker, recipients: readonly T[]): Promise<T[]> => {
    const who = await permissions.principal(from.id);
    const asker = {
      character: { id: who.id, createdAt: who.createdAt, locationId: who.locationId ?? "" },
      role: who.role,
      newId: from.newId,
    };
    const refused: T[] = [];
    for (const recipient of recipients) {
      const decision = await permissions.decide(asker, "page", { kind: "character", id: recipient.id });
      if (!decision.allowed) refused.push(recipient);
    }
    return refused;
  };
}
