import type { AccountStore, Character } from "#core/accounts/account-store.ts";
import type { PasswordHasher } from "#core/accounts/password-hasher.ts";
import type { PasswordThrottle } from "#core/accounts/password-throttle.ts";
import type { TokenBucketConfig } from "#core/accounts/token-buckets.ts";
import { catchUpChannels } from "#core/channels/channel-projection.ts";
import type { ChannelStore } from "#core/channels/channel-store.ts";
import { type Channels, type ChannelsDeps, createChannels } from "#core/channels/channels.ts";
import type { Speaker } from "#core/comms/comm-event.ts";
import { createMessages } from "#core/comms/messages.ts";
import { createPageBlocks } from "#core/comms/page-blocks.ts";
import { createAccountActions } from "#core/engine/account-actions.ts";
import type { Command, CommandFallback } from "#core/engine/command.ts";
import type { CommandDeps, PresentCharacter } from "#core/engine/command-deps.ts";
import { accountCommands, type SessionControl } from "#core/engine/commands/account-commands.ts";
import { channelCommand, channelTalkFallback } from "#core/engine/commands/channel-commands.ts";
import { messageCommands } from "#core/engine/commands/message-commands.ts";
import { speakInRoom } from "#core/engine/commands/speech-commands.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import type { EventStore } from "#core/events/event-store.ts";
import type { Permissions } from "#core/policy/permissions.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import { pageRefusals } from "./page-refusals.ts";

/** What pages, channels and the account commands are built from. */
export interface CommsLayerDeps {
  /** Decides whom a page or whisper may reach (`page` on each recipient). */
  readonly permissions: Permissions;
  readonly events: EventStore;
  readonly accounts: AccountStore;
  readonly channelStore: ChannelStore;
  readonly hasher: PasswordHasher;
  readonly passwordThrottle: PasswordThrottle;
  /** Pages and whispers per sender; the default when absent (messages.ts defaultPrivateRate). */
  readonly privateRate?: TokenBucketConfig | undefined;
  readonly append: AppendEvents;
  readonly clock: Clock;
  readonly newId: NewId;
  readonly log: Logger;
  readonly startLocationId: () => string;
  readonly maxCharacters: number;
  readonly presence: () => Promise<readonly PresentCharacter[]>;
  /** Bound late: the session manager is made after the channels it follows. */
  readonly sessions: () => SessionControl;
  /** A character joined or left a channel at `position` (the join or leave event's). */
  readonly membershipChanged: ChannelsDeps["membershipChanged"];
}

/** Communication and account commands, ready to register with the engine. */
export interface CommsLayer {
  readonly channels: Channels;
  /** Catches the channel projection up with the events and creates Public on a fresh game. */
  start(): Promise<void>;
  /** Puts a new character on the default channel. */
  characterCreated(character: Character, speaker?: Speaker): Promise<void>;
  extraCommands(deps: CommandDeps): Command[];
  fallbacks(deps: CommandDeps): CommandFallback[];
}

/** Creates the communication layer (pages, whispers, ooc, channels) and the in-game account commands. */
export function createCommsLayer(deps: CommsLayerDeps): CommsLayer {
  const channels = createChannels({
    store: deps.channelStore,
    events: deps.events,
    append: deps.append,
    clock: deps.clock,
    membershipChanged: deps.membershipChanged,
  });
  const findCharacter = (name: string) => deps.accounts.findCharacterByName(name);
  const blocks = createPageBlocks({ store: deps.accounts, findCharacter, clock: deps.clock });
  const messages = createMessages({
    append: deps.append,
    events: deps.events,
    clock: deps.clock,
    presence: deps.presence,
    findCharacter,
    refusing: pageRefusals(deps.permissions),
    ...(deps.privateRate === undefined ? {} : { privateRate: deps.privateRate }),
  });
  const characterCreated = async (character: Character, speaker?: Speaker) => {
    await channels.joinDefault(speaker ?? { id: character.id, name: character.name, newId: deps.newId });
  };
  const accountService = createAccountActions({
    store: deps.accounts,
    hasher: deps.hasher,
    passwordThrottle: deps.passwordThrottle,
    append: deps.append,
    clock: deps.clock,
    newId: deps.newId,
    startLocationId: deps.startLocationId,
    maxCharacters: deps.maxCharacters,
    characterCreated,
  });
  return {
    channels,
    async start() {
      const applied = await catchUpChannels(deps.events, deps.channelStore);
      if (applied > 0) deps.log.info(`channel projection caught up with ${applied} change(s)`);
      await channels.ensureDefault(deps.newId);
    },
    characterCreated,
    // Refusals read as a plain line: Engine.execute turns every one into the reply.
    extraCommands: (cd) => [
      ...messageCommands(messages, blocks, speakInRoom(cd)),
      channelCommand(cd, {
        channels,
        characterName: async (id) => (await deps.accounts.getCharacter(id))?.name,
        findCharacter,
      }),
      ...accountCommands(cd, {
        accounts: accountService,
        sessions: { boot: (id, text) => deps.sessions().boot(id, text) },
        findCharacter,
        maxCharacters: deps.maxCharacters,
      }),
    ],
    fallbacks: (d) => [channelTalkFallback(channels, d.permissions)],
  };
}
