-- Retention of raw link events (issue 19): the daily fold remembers the last event of each day it folded, so the
-- deletion that follows removes only events the fold counted (an event written later for that day stays).
alter table link_event_folds add column through_event_id bigint not null default 0;

-- The fold finds the oldest raw day without reading the whole table.
create index link_events_at_idx on link_events (at);
