-- What the last poll of a source read past but did not refuse: XML it repaired, entries it skipped and why.
-- Shown beside the source's health on the admin page; null when the feed was read as it is.
alter table sources add column last_warning text;
