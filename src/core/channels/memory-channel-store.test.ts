import { channelStoreContract } from "./channel-store.contract.ts";
import { createMemoryChannelStore } from "./memory-channel-store.ts";

channelStoreContract("memory", async () => ({
  ...createMemoryChannelStore(),
  async [Symbol.asyncDispose]() {},
}));
