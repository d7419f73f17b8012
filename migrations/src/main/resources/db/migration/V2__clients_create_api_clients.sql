-- Machine clients (the browser plugin). The key itself is never stored: only its SHA-256,
-- which is enough for a 256-bit random key and lets a request find its client by index.
create table api_client (
    id          uuid         primary key,
    name        varchar(200) not null,
    key_hash    varchar(64)  not null unique,
    key_prefix  varchar(16)  not null,
    created_at  timestamptz  not null default now(),
    created_by  varchar(100) not null,
    revoked_at  timestamptz
);
