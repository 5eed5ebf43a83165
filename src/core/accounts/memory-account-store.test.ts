import { accountStoreContract } from "./account-store.contract.ts";
import { createMemoryAccountStore } from "./memory-account-store.ts";

accountStoreContract("memory", async () => ({
  ...createMemoryAccountStore(),
  async [Symbol.asyncDispose]() {},
}));
