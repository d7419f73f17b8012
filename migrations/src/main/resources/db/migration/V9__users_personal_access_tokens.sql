-- A person's tokens for automation (Authorization: Bearer sgp_...). As with API keys only the
-- SHA-256 of the 256-bit token is kept. The role is not stored here: a token acts with its
-- owner's current role, and not at all while the owner is disabled.
create table personal_access_token (
    id            uuid         primary key,
    user_id       bigint       not null references app_user (id) on delete cascade,
    name          varchar(100) not null,
    token_hash    varchar(64)  not null unique,
    token_prefix  varchar(16)  not null,
    created_at    timestamptz  not null default now(),
    expires_at    timestamptz  not null
);

create index personal_access_token_by_user on personal_access_token (user_id);
