create sequence rule_id_seq;

-- The rules as they are now. Every change also makes a new rule-set version (below).
create table rule (
    id             varchar(40)   primary key default ('r-' || nextval('rule_id_seq')),
    name           varchar(200)  not null,
    kind           varchar(20)   not null check (kind in ('keyword', 'regex', 'credit_card', 'iban', 'secret')),
    pattern        varchar(2000),
    flags          varchar(10)   not null default '',
    keywords       jsonb         not null default '[]',
    case_sensitive boolean       not null default false,
    whole_word     boolean       not null default false,
    action         varchar(10)   not null check (action in ('warn', 'block')),
    client_side    boolean       not null default false,
    enabled        boolean       not null default true,
    description    varchar(2000) not null default '',
    created_at     timestamptz   not null default now(),
    created_by     varchar(100)  not null,
    updated_at     timestamptz   not null default now(),
    updated_by     varchar(100)  not null
);

-- An immutable snapshot of the enabled rules: streams keep the version they started with,
-- and any node can compile any version from this row alone.
create table rule_set_version (
    version     bigserial    primary key,
    created_at  timestamptz  not null default now(),
    created_by  varchar(100) not null,
    rules       jsonb        not null
);

-- Who changed which rule, when, and what it looked like afterwards (before, for a delete).
create table rule_change (
    id          bigserial    primary key,
    rule_id     varchar(40)  not null,
    version     bigint       not null references rule_set_version (version),
    change      varchar(10)  not null check (change in ('created', 'updated', 'deleted')),
    changed_by  varchar(100) not null,
    changed_at  timestamptz  not null default now(),
    rule        jsonb        not null
);
create index rule_change_rule_idx on rule_change (rule_id, id);

insert into rule_set_version (created_by, rules) values ('system', '[]');
