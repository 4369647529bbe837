-- Posts an admin writes in the console (issue 17: announcements, job ads, events), which come from no feed: they
-- belong to this source, never polled, and enter the same approval as any item. `composed_by` names their author,
-- whom the approval does not ask unless approval.authorMayApprove says the author's own approval suffices.
insert into sources (id, kind, name, url, topics, settings, fetch_state, active)
values ('composed', 'composed', 'Written in the console', 'https://kaiku.invalid/composed', '[]', '{}', '{}', false)
on conflict (id) do nothing;

alter table items add column composed_by text;
