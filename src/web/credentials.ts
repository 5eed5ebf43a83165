import { type KeyValueStore, readJson, writeJson } from "./key-value-store.ts";
import type { ResumeCredentials } from "./protocol.ts";

/** The latest session credentials, kept so a reload or a reopened tab resumes the session. */
export interface CredentialStore {
  load(): ResumeCredentials | undefined;
  save(credentials: ResumeCredentials): void;
  clear(): void;
}

const key = "holomush.session";

/**
 * Credentials in `store` (localStorage in the browser). The CSP admits no other script, so only this app's
 * code can read them; the token is single-use, so a copied one stops working once the app resumes with it.
 */
export function createCredentialStore(store: KeyValueStore): CredentialStore {
  return {
    load() {
      const v = readJson(store, key);
      if (typeof v !== "object" || v === null) return undefined;
      const { session, token, client } = v as Record<string, unknown>;
      if (typeof session !== "string" || typeof token !== "string" || typeof client !== "string")
        return undefined;
      return { session, token, client };
    },
    save: ({ session, token, client }) => writeJson(store, key, { session, token, client }),
    clear: () => store.removeItem(key),
  };
}
