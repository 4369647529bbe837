-- An erasure request an admin declined (GDPR art. 17(3): e.g. records the organisation must keep), with the reason
-- the advocate is shown on their privacy page. Erasing them later clears it with the rest.
alter table erasure_requests add column decline_reason text;
