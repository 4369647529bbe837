import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TeamsInfo, type TurnContext } from 'botbuilder';
import { AuthenticationConstants, AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { Activity } from 'botframework-schema';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../../config/schema.js';
import type { Store } from '../../db/store.js';
import { NETWORKS } from '../../rules/captions/caption-limits.js';
import { applyCaptionEdit, type DecisionRequest } from '../../rules/approvals/decisions.js';
import { submitDecision } from '../temporal/submit-decision.js';
import { captionsFromInputs, VERBS, type Verb } from './approval-card.js';
import { KaikuCredentialsFactory } from './credentials.js';
import type { TeamsSettings } from './settings.js';
import { hashtagsInEffect } from '../../rules/captions/program-hashtags.js';

export interface TeamsBotDeps {
  settings: TeamsSettings;
  config: KaikuConfig;
  store: Store;
  /** For decisions (the `decide` Update, as Slack and email send it). */
  client: Client;
  log: Logger;
}

export interface TeamsHttpResponse {
  status: number;
  body?: unknown;
}

const MESSAGE = 'application/vnd.microsoft.activity.message';
const KNOWN_VERBS = new Set<string>(Object.values(VERBS));

// The SDK's turn entry is protected; kaiku's HTTP server owns the request, so it hands in the activity it
// parsed and the result of authenticating it.
class KaikuAdapter extends CloudAdapter {
  run(authenticated: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authenticated, activity, logic);
  }
}

/**
 * The Teams channel into the approval workflow: Bot Framework's CloudAdapter verifies every request's JWT
 * (issuer, audience = the app id, a key from the OpenID metadata that endorses the channel, expiry, the
 * service URL), then a click on a card (invoke `adaptiveCard/action`, or a message submit from older clients)
 * goes to the same `decide` Update as Slack and email. The workflow updates the cards.
 */
export function createTeamsBot(deps: TeamsBotDeps): { handle(request: { body: string; authorization: string | undefined }): Promise<TeamsHttpResponse> } {
  const { settings, config, store, log } = deps;
  const tenant = settings.tenantId ?? AuthenticationConstants.DefaultChannelAuthTenant;
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: settings.appId,
      ...(settings.tenantId ? { MicrosoftAppTenantId: settings.tenantId } : {}),
      ToBotFromChannelOpenIdMetadataUrl: settings.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      ToChannelFromBotLoginUrl: `${settings.loginUrl}/${tenant}`,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ValidateAuthority: true,
    },
    new KaikuCredentialsFactory(settings),
  );
  const adapter = new KaikuAdapter(auth);
  adapter.onTurnError = async (_context, error) => {
    log.error({ err: error }, 'Teams turn failed');
    return Promise.resolve();
  };

  const notAnApprover = (who: string) =>
    `You are not one of this program's approvers in kaiku (no admin has your Entra object id or address ${who}; an admin adds it as \`entraObjectId\` in the config). Nothing was changed.`;

  /** Which admin clicked: by Entra object id, else by the address Teams gives for the member. */
  async function clicker(context: TurnContext): Promise<{ email: string } | { refusal: string }> {
    const from = context.activity.from;
    const objectId = from.aadObjectId?.toLowerCase();
    const { admins } = await store.admins.inEffect(config);
    const byId = objectId ? admins.find((admin) => admin.entraObjectId === objectId) : undefined;
    if (byId) return byId;
    const member = await TeamsInfo.getMember(context, from.id).catch((error: unknown) => {
      log.warn({ err: error, teamsUser: from.id }, 'Teams: could not look up the member who clicked');
      return undefined;
    });
    const email = (member?.email ?? member?.userPrincipalName)?.toLowerCase();
    const byEmail = email ? admins.find((admin) => admin.email === email) : undefined;
    return byEmail ?? { refusal: notAnApprover(email ?? objectId ?? from.id) };
  }

  async function decideFromCard(context: TurnContext, verb: Verb, data: Record<string, unknown>): Promise<string> {
    const activity = context.activity;
    const clickLog = log.child({ teamsUser: activity.from.id, conversationId: activity.conversation.id, replyToId: activity.replyToId, verb });
    const card = activity.replyToId ? await store.teams.cardAt(activity.conversation.id, activity.replyToId) : undefined;
    if (!card || card.item_id !== data.itemId) {
      clickLog.warn({ itemId: data.itemId }, 'Teams click on a card kaiku did not post');
      return 'kaiku does not know this card. Nothing was changed.';
    }
    const who = await clicker(context);
    if ('refusal' in who) {
      clickLog.info({ itemId: card.item_id }, 'Teams click from someone who is not an approver');
      return who.refusal;
    }
    const request: DecisionRequest = { decision: verb === VERBS.reject ? 'reject' : 'approve', actor: who.email, channel: 'teams' };
    if (verb === VERBS.approveEdited) {
      const item = await store.items.get(card.item_id);
      const edits = captionsFromInputs(data);
      const empty = NETWORKS.find((network) => edits[network] !== undefined && edits[network]!.trim() === '');
      if (empty) return `Write a caption for every network, or close Edit caption to keep the proposals. Nothing was changed.`;
      const { problems } = applyCaptionEdit(
        { captions: item!.captions!, link: item!.url, hashtag: (await hashtagsInEffect(store.captions, config.program.hashtags))[0] },
        { networks: edits },
      );
      if (problems.length > 0) return `${problems.join(' ')} Nothing was changed.`;
      request.captions = { networks: edits };
    }
    const result = await submitDecision(
      { client: deps.client, store, config, log },
      card.item_id,
      request,
      `teams:${card.activity_id}:${activity.from.id}:${activity.id}`,
    );
    if (!result.ok) return result.refusal;
    clickLog.info({ itemId: card.item_id, by: who.email }, 'decision taken in Teams');
    return `${result.decision.outcome === 'approved' ? 'Approved' : 'Rejected'}. The card now shows it for everyone.`;
  }

  async function logic(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
      const action = (activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
      const verb = typeof action?.verb === 'string' ? action.verb : '';
      if (!KNOWN_VERBS.has(verb)) {
        log.warn({ verb }, 'Teams: unknown card action');
        await context.sendActivity({
          type: 'invokeResponse',
          value: { status: 400, body: { statusCode: 400, type: MESSAGE, value: `unknown action ${JSON.stringify(verb)}` } },
        });
        return;
      }
      const text = await decideFromCard(context, verb as Verb, (action?.data ?? {}) as Record<string, unknown>);
      await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: MESSAGE, value: text } } });
      return;
    }
    const submitted = activity.type === 'message' ? (activity.value as { kaiku?: unknown } | undefined) : undefined;
    if (submitted && typeof submitted.kaiku === 'string' && KNOWN_VERBS.has(submitted.kaiku)) {
      // An older client's Action.Submit: Teams has no private answer here, so a refusal is a reply in the card's thread.
      const text = await decideFromCard(context, submitted.kaiku as Verb, submitted as Record<string, unknown>);
      if (!/^(Approved|Rejected)\. /.test(text)) await context.sendActivity({ type: 'message', text, textFormat: 'plain' });
    }
    // Anything else (the bot installed, a message to it) needs no answer.
  }

  return {
    async handle(request) {
      let activity: Activity;
      try {
        activity = JSON.parse(request.body) as Activity;
      } catch {
        return { status: 400, body: 'malformed activity JSON' };
      }
      if (!activity || typeof activity !== 'object' || typeof activity.type !== 'string') return { status: 400, body: 'not a Bot Framework activity' };
      let authenticated: AuthenticateRequestResult;
      try {
        authenticated = await auth.authenticateRequest(activity, request.authorization ?? '');
      } catch (error) {
        // A bad signature comes back as jsonwebtoken's own error, the rest as AuthenticationError; either way nothing
        // was verified. Only keys that could not be fetched (the SDK's 500) are a 503, so that Teams tries again.
        const unavailable = error instanceof AuthenticationError && error.statusCode === 500;
        const status = unavailable ? 503 : 401;
        log.warn({ status, reason: (error as Error).message }, 'Teams request refused: its token did not verify');
        return { status, body: unavailable ? 'cannot verify Teams requests right now' : 'unauthorized' };
      }
      try {
        const response = await adapter.run(authenticated, activity, logic);
        return { status: response?.status ?? 200, body: response?.body };
      } catch (error) {
        log.error({ err: error }, 'Teams request failed');
        return { status: 500, body: 'internal error' };
      }
    },
  };
}
