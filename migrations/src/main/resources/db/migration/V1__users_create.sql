-- People who sign in to the console or call /v1/admin and /v1/audit over HTTP Basic.
create table app_user (
    id            bigserial    primary key,
    username      varchar(100) not null unique,
    password_hash varchar(200) not null,
    role          varchar(20)  not null check (role in ('ADMIN', 'COMPLIANCE')),
    enabled       boolean      not null default true,
    created_at    timestamptz  not null default now()
);
