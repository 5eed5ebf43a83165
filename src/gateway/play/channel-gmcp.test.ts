import { describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { ActorKind, ConnectionItemSchema, EventSchema } from "#gen/holomush/core/v1/core_pb.ts";
import { createSharedEvent } from "./shared-event.ts";
import { createStreamOutput } from "./stream-output.ts";

describe("GMCP Comm.Channel", () => {
  test("a live channel message is shown and sent as Comm.Channel.Text in plain text", () => {
    const lines: string[] = [];
    const gmcp: [string, unknown][] = [];
    const out = createStreamOutput(
      {
        capabilities: { colorDepth: "none", width: 200, screenReader: false },
        send: (text) => void lines.push(text),
        sendMarkup: (markup) => void lines.push(markup),
        sendGmcp: (pkg, data) => {
          gmcp.push([pkg, data]);
          return true;
        },
      },
      { characterId: "CB" },
    );
    out.show(create(ConnectionItemSchema, { item: { case: "replayEnd", value: { lastPosition: 0n } } }).item);
    out.show({
      case: "event",
      value: createSharedEvent(
        create(EventSchema, {
          id: "e1",
          stream: "channel:public",
          type: "channel",
          actor: { kind: ActorKind.CHARACTER, id: "CA" },
          payloadJson: JSON.stringify({ channel: "Public", name: "Alice", text: "hi \x1b[31m%[red]" }),
          position: 1n,
        }),
      ),
    });
    expect(lines).toEqual(['[Public] Alice says, "hi [31m%[red]"']);
    expect(gmcp).toEqual([
      [
        "Comm.Channel.Text",
        { channel: "Public", talker: "Alice", text: '[Public] Alice says, "hi [31m%[red]"' },
      ],
    ]);
  });
});
