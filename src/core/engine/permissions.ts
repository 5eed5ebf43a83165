import type { Role } from "#core/accounts/account-rules.ts";

/** Actions that need a permission; ABAC will replace this check. */
export type Action = "emit";

/** The single permission check until ABAC exists: true when `role` may do `action`. */
export function may(role: Role, action: Action): boolean {
  switch (action) {
    case "emit":
      return role === "admin";
  }
}
