-- The console's schedule for approved items (issue 17): "not before" and "not after" (digests carry the item only
-- between them), pinned to the top of the next digest run (cleared once a run has carried it), and retracted (left
-- out of every later digest, nudge and top-posts card; its share page says it was withdrawn). Who pinned or
-- retracted it is kept beside the moment, as `decided_by` is; every change is also in the audit trail.
alter table items
  add column not_before timestamptz,
  add column not_after timestamptz,
  add column pinned_at timestamptz,
  add column pinned_by text,
  add column retracted_at timestamptz,
  add column retracted_by text;
