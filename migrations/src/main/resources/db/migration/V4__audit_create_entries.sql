-- One row per message: a finished or expired stream, or a one-shot check.
-- Rows are chained: hash = SHA-256(prev_hash || canonical content of the row), so an edit shows.
create table audit_entry (
    id               uuid         primary key,
    seq              bigserial    not null unique,
    outcome          varchar(10)  not null check (outcome in ('finished', 'expired', 'checked')),
    stream_id        varchar(64),
    client_id        uuid         not null,
    user_id          varchar(256) not null,
    bot_id           varchar(256) not null,
    session_id       varchar(256) not null,
    action           varchar(10)  not null check (action in ('allow', 'warn', 'block')),
    content          text         not null,
    violations       jsonb        not null,
    fired_rule_ids   text[]       not null,
    rule_set_version bigint       not null,
    update_count     integer      not null,
    blocked_at       integer,
    started_at       timestamptz  not null,
    finished_at      timestamptz  not null,
    recorded_at      timestamptz  not null default now(),
    prev_hash        varchar(64)  not null,
    hash             varchar(64)  not null,
    content_tsv      tsvector     generated always as (to_tsvector('simple', content)) stored
);
create index audit_entry_finished_idx on audit_entry (finished_at desc, id desc);
create index audit_entry_user_idx on audit_entry (user_id, finished_at desc);
create index audit_entry_bot_idx on audit_entry (bot_id, finished_at desc);
create index audit_entry_rules_idx on audit_entry using gin (fired_rule_ids);
create index audit_entry_tsv_idx on audit_entry using gin (content_tsv);
