import type { Logger } from 'pino';
import type { KaikuConfig } from '../config/schema.js';
import type { Store } from '../db/store.js';
import { renderNotice } from '../rules/approvals/approval-mail.js';
import type { Mailer } from '../integrations/email/mailer.js';
import type { Secret } from '../rules/tokens/secret.js';
import { signInLink, type SignInRequest } from '../rules/tokens/sign-in-token.js';

export interface SignInStepsDeps {
  config: KaikuConfig;
  store: Store;
  secret: Secret;
  mailer: Mailer;
  log: Logger;
}

export function createSignInSteps(deps: SignInStepsDeps) {
  return {
    /** Mails an admin their sign-in link. The link is built here, so it never sits in a workflow's history. */
    async mailSignInLink(request: SignInRequest): Promise<void> {
      const admin = (await deps.store.admins.inEffect(deps.config)).admins.find((a) => a.email === request.email);
      if (!admin) return; // removed from the config or the console since asking: nothing to send
      const notice = renderNotice({
        subject: `Sign in to kaiku (${deps.config.program.name})`,
        lines: [
          `Hello ${admin.name}, open this link within 15 minutes to sign in to kaiku: ${signInLink(deps.config, deps.secret, request)}`,
          'It works once, and only the newest link you asked for works. If you did not ask to sign in, ignore this email.',
        ],
        programName: deps.config.program.name,
      });
      await deps.mailer.send({ from: deps.config.email.from, to: admin.email, ...notice, headers: { 'Auto-Submitted': 'auto-generated' } });
      deps.log.info({ admin: admin.email }, 'sign-in link sent');
    },
  };
}
