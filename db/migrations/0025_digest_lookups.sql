-- The console's "This week" and the digest planning on a year of history (issue 20). What the run's selection
-- already sent, read by item: the primary key (advocate_id, item_id) leads with the advocate.
create index digest_items_item_advocate_idx on digest_items (item_id, advocate_id);
-- The weekly cap reads last week's sent digests of many advocates at once: a range of sent_at, not a probe each.
create index digests_sent_at_idx on digests (sent_at) where state = 'sent';
-- Who has this period's digest already: one period's rows, not every advocate's unique (advocate_id, period) probe.
create index digests_period_idx on digests (period);
