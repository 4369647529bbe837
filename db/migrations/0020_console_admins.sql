-- Admins, approvers and analysts added in the console (issue 17), beside those kaiku.yaml names: kaiku.yaml's stay
-- read-only there; these are changed only in the console. A removed one is deleted (the audit trail keeps who did it).
create table console_admins (
  email text primary key,
  name text not null,
  -- 'admin' runs everything, 'approver' decides the items of their sources or topics, 'analyst' reads analytics.
  role text not null check (role in ('admin', 'approver', 'analyst')),
  -- An approver's topics: they decide the items that carry any of them, whichever source brought them.
  topics jsonb not null default '[]',
  -- Asked once an approval is escalated (with kaiku.yaml's approval.backupApprovers).
  backup boolean not null default false,
  approval_mail text not null default 'each' check (approval_mail in ('each', 'daily')),
  slack_user_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
