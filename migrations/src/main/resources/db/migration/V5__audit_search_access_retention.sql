-- Search pages newest first by sequence (stable while rows are added), so filters index with it.
drop index audit_entry_user_idx;
drop index audit_entry_bot_idx;
create index audit_entry_user_idx on audit_entry (user_id, seq desc);
create index audit_entry_bot_idx on audit_entry (bot_id, seq desc);
create index audit_entry_action_idx on audit_entry (action, seq desc);
create index audit_entry_outcome_idx on audit_entry (outcome, seq desc);
create index audit_entry_recorded_idx on audit_entry (recorded_at);

-- Who looked at the audit log: every search, read, export and verification.
create table audit_access (
    id          bigserial     primary key,
    username    varchar(100)  not null,
    action      varchar(10)   not null check (action in ('search', 'read', 'export', 'verify')),
    detail      varchar(4000) not null,
    accessed_at timestamptz   not null default now()
);
create index audit_access_at_idx on audit_access (accessed_at desc);

-- Retention deletes the oldest rows; each purge leaves the hash of the last row it removed,
-- so the chain stays verifiable from there.
create table audit_purge (
    id                 bigserial   primary key,
    purged_through_seq bigint      not null,
    last_hash          varchar(64) not null,
    rows_purged        bigint      not null,
    purged_at          timestamptz not null default now()
);
