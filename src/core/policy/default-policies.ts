import { HoloError } from "#shared/errors/holo-error.ts";
import { loadCedar } from "./cedar-wasm.ts";
import admins from "./default-policies/admins.cedar" with { type: "text" };
import builders from "./default-policies/builders.cedar" with { type: "text" };
import channels from "./default-policies/channels.cedar" with { type: "text" };
import everyone from "./default-policies/everyone.cedar" with { type: "text" };
import members from "./default-policies/members.cedar" with { type: "text" };
import plugins from "./default-policies/plugins.cedar" with { type: "text" };
import scenes from "./default-policies/scenes.cedar" with { type: "text" };
import schema from "./holomush.cedarschema" with { type: "text" };

/** The Cedar schema of our entities and actions (holomush.cedarschema), embedded in the binary. */
export const policySchema: string = schema;

/** The default policy files, by name, embedded in the binary. */
export const defaultPolicyFiles: Readonly<Record<string, string>> = {
  everyone,
  members,
  builders,
  scenes,
  channels,
  plugins,
  admins,
};

/**
 * The default policies by id: each policy of the files, under its `@id` annotation. A policy with no `@id`,
 * or two with one id, is a mistake in the files and throws.
 */
export function defaultPolicies(): Map<string, string> {
  const cedar = loadCedar();
  const byId = new Map<string, string>();
  for (const [file, text] of Object.entries(defaultPolicyFiles)) {
    const parts = cedar.policySetTextToParts(text);
    if (parts.type === "failure") throw new HoloError("internal", `${file}.cedar does not parse`);
    for (const policy of parts.policies) {
      const json = cedar.policyToJson(policy);
      const id = json.type === "success" ? json.json.annotations?.id : undefined;
      if (!id || byId.has(id)) throw new HoloError("internal", `${file}.cedar: a policy lacks a unique @id`);
      byId.set(id, policy);
    }
  }
  return byId;
}
