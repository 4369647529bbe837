-- A post composed for some branches only (issue 17: a job ad for the social services): when `branches` names any,
-- only advocates of those branches get it in their digest; empty, as every feed item's, it fits everyone as before.
alter table items add column branches jsonb not null default '[]';
