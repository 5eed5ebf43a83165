import { processCommand } from "./process-command.ts";

/** `holomush gateway …`. */
export const gatewayCommand = processCommand(
  "gateway",
  "The gateway: telnet and web listeners, connected to the core over mTLS",
);
