-- Sources managed in the console (issue 17), beside those kaiku.yaml names: both are rows of `sources`, polled by
-- the same Schedules and the same fetch activity. `origin` says who owns a row: 'config' rows follow kaiku.yaml at
-- every worker start (read-only in the console), 'console' rows are changed only in the console, never by a start.
alter table sources add column origin text not null default 'config' check (origin in ('config', 'console'));

-- When an admin removed a console source: no longer polled, its items stay (and still name it).
alter table sources add column removed_at timestamptz;
