import { create } from "@bufbuild/protobuf";
import { ConnectError, type HandlerContext } from "@connectrpc/connect";
import {
  type CommandsRequest,
  type CommandsResponse,
  CommandsResponseSchema,
  type HandleCommandRequest,
  HandleCommandRequestSchema,
  type HandleCommandResponse,
} from "#gen/holomush/core/v1/core_pb.ts";

/** HandleCommand as the Commands stream calls it: it throws a ConnectError that is safe to send. */
export type HandleCommand = (
  req: HandleCommandRequest,
  ctx: HandlerContext,
) => Promise<HandleCommandResponse>;

/**
 * Creates the Commands handler: each request runs through `handleCommand` as soon as it arrives, and its
 * outcome, result or error, is sent as soon as it is known. A unary call per command cost the core about a
 * third of its CPU under closed-loop load (an HTTP/2 stream, its abort signal and listeners, headers and
 * trailers for each); on one stream a command costs one message each way.
 */
export function createCommandsHandler(
  handleCommand: HandleCommand,
): (requests: AsyncIterable<CommandsRequest>, ctx: HandlerContext) => AsyncGenerator<CommandsResponse> {
  return async function* commands(requests, ctx) {
    const ready: CommandsResponse[] = [];
    let wake: (() => void) | undefined;
    let running = 0;
    let inputDone = false;
    let inputError: unknown;
    const notify = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const answer = (response: CommandsResponse) => {
      running--;
      ready.push(response);
      notify();
    };
    const run = (req: CommandsRequest) => {
      running++;
      const { id } = req;
      handleCommand(req.command ?? create(HandleCommandRequestSchema), ctx).then(
        (result) => answer(create(CommandsResponseSchema, { id, result })),
        (error: unknown) => {
          const failure = ConnectError.from(error);
          answer(
            create(CommandsResponseSchema, { id, errorCode: failure.code, errorMessage: failure.rawMessage }),
          );
        },
      );
    };
    const read = async () => {
      try {
        for await (const req of requests) run(req);
      } catch (error) {
        inputError = error;
      }
      inputDone = true;
      notify();
    };
    ctx.signal.addEventListener("abort", notify, { once: true });
    void read();
    try {
      for (;;) {
        while (ready.length > 0) yield ready.shift() as CommandsResponse;
        // Invariant: an aborted stream must throw its reason, or the client sees a clean end of the stream.
        if (ctx.signal.aborted) throw ctx.signal.reason;
        if (inputError !== undefined) throw inputError;
        // The gateway closed its side: every command it sent is answered before the stream ends.
        if (inputDone && running === 0) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      ctx.signal.removeEventListener("abort", notify);
    }
  };
}
