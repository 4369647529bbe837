-- Quiet periods and the weekly cap (issue 18, `mail:`). A digest the budget holds is a row of its own in state
-- `held`, with why: the period's digest is decided once (later ticks look at it again, and send it if the budget
-- then allows), and the Digests page can say who waited and why.
alter table digests drop constraint digests_state_check;
alter table digests add constraint digests_state_check check (state in ('planned', 'sending', 'sent', 'empty', 'failed', 'held'));
alter table digests add column held_reason text check (held_reason in ('quiet period', 'weekly cap'));

-- How many digests each run held, by reason ({"quiet period": 120, "weekly cap": 3}), as planned: a held digest
-- sent later moves to that later run, while the run that held it keeps saying so.
alter table digest_runs add column held jsonb not null default '{}';

-- The weekly cap counts what the store records as sent: digests by advocate and moment, keyed mails by recipient.
create index digests_sent_idx on digests (advocate_id, sent_at) where state = 'sent';
create index keyed_mail_recipient_idx on keyed_mail (recipient, sent_at) where state = 'sent';
