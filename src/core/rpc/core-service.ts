import { Code, ConnectError, type ConnectRouter, type ServiceImpl } from "@connectrpc/connect";
import { CoreService } from "#gen/holomush/core/v1/core_pb.ts";
import { createPingHandler, type PingHandlerDeps } from "./ping-handler.ts";

/** The implementation of every CoreService method. */
export type CoreServiceImpl = ServiceImpl<typeof CoreService>;

/** The CoreService methods other than Ping, supplied by the core's session and engine code. */
export type CoreServiceHandlers = Partial<Omit<CoreServiceImpl, "ping">>;

/** Collaborators of the CoreService implementation. */
export interface CoreServiceDeps extends PingHandlerDeps {}

function unimplemented(method: string): () => never {
  return () => {
    throw new ConnectError(`${method} is not implemented yet`, Code.Unimplemented);
  };
}

// The service layer supplies these through `handlers` in createCoreService; each one left out answers
// Unimplemented, which the gateway reads back as "unavailable".
const notYet: Omit<CoreServiceImpl, "ping"> = {
  authenticate: unimplemented("Authenticate"),
  register: unimplemented("Register"),
  selectCharacter: unimplemented("SelectCharacter"),
  resumeSession: unimplemented("ResumeSession"),
  handleCommand: unimplemented("HandleCommand"),
  commands: unimplemented("Commands"),
  feed: unimplemented("Feed"),
  watch: unimplemented("Watch"),
  acknowledge: unimplemented("Acknowledge"),
  disconnect: unimplemented("Disconnect"),
  listSiteBans: unimplemented("ListSiteBans"),
  listScenes: unimplemented("ListScenes"),
  readScene: unimplemented("ReadScene"),
};

/** Creates the CoreService implementation: Ping here, the other methods from `handlers`. */
export function createCoreService(
  deps: CoreServiceDeps,
  handlers: CoreServiceHandlers = {},
): CoreServiceImpl {
  return { ...notYet, ...handlers, ping: createPingHandler(deps) };
}

/** Routes that serve `impl` as holomush.core.v1.CoreService, for startGrpcServer. */
export function coreServiceRoutes(impl: CoreServiceImpl): (router: ConnectRouter) => void {
  return (router) => {
    router.service(CoreService, impl);
  };
}
