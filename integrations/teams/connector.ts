import { ConnectorClient } from 'botframework-connector';
import type { Activity } from 'botframework-schema';
import type { Logger } from 'pino';
import { botCredentials } from './credentials.js';
import type { TeamsSettings } from './settings.js';

// kaiku's proactive calls to the Bot Connector (posting a card, updating it, replying in its thread), through
// the SDK's ConnectorClient. Its pipeline (@azure/core-rest-pipeline) waits out a 429's Retry-After and retries
// 5xx a few times itself; what still fails goes back to the activity's retry policy.

export interface PostedActivity {
  conversationId: string;
  activityId: string;
}

export interface TeamsConnector {
  /** A new post (thread root) in a channel. */
  postToChannel(channelId: string, activity: Partial<Activity>): Promise<PostedActivity>;
  /** A message in the bot's personal chat with a user, by their Entra object id. */
  postToUser(entraObjectId: string, activity: Partial<Activity>): Promise<PostedActivity>;
  reply(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<PostedActivity>;
  update(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<void>;
}

/** The HTTP status of a failed Bot Connector call, when it had one. */
export function connectorStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export function createTeamsConnector(settings: TeamsSettings, log: Logger): TeamsConnector {
  const client = new ConnectorClient(botCredentials(settings), { baseUri: settings.serviceUrl });
  const bot = { id: `28:${settings.appId}`, name: 'kaiku' };
  const tenant = settings.tenantId ? { tenantId: settings.tenantId, channelData: { tenant: { id: settings.tenantId } } } : {};
  const teamsLog = log.child({ teams: true });
  return {
    async postToChannel(channelId, activity) {
      const created = await client.conversations.createConversation({
        isGroup: true,
        bot,
        members: [],
        activity: activity as Activity,
        ...tenant,
        channelData: { channel: { id: channelId }, ...(settings.tenantId ? { tenant: { id: settings.tenantId } } : {}) },
      });
      teamsLog.debug({ channelId, conversationId: created.id, activityId: created.activityId }, 'Teams: posted in channel');
      return { conversationId: created.id!, activityId: created.activityId! };
    },
    async postToUser(entraObjectId, activity) {
      const created = await client.conversations.createConversation({ isGroup: false, bot, members: [{ id: entraObjectId, name: '' }], ...tenant } as never);
      const sent = await client.conversations.sendToConversation(created.id!, activity);
      return { conversationId: created.id!, activityId: sent.id! };
    },
    async reply(conversationId, activityId, activity) {
      const sent = await client.conversations.replyToActivity(conversationId, activityId, activity);
      return { conversationId, activityId: sent.id! };
    },
    async update(conversationId, activityId, activity) {
      await client.conversations.updateActivity(conversationId, activityId, { ...activity, id: activityId, type: 'message' } as Activity);
    },
  };
}
