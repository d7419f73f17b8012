-- The audit chain moves from unkeyed SHA-256 to HMAC-SHA256 under a key only the nodes hold.
-- Each row keeps the MAC it links to and its own; rows written before this migration keep their
-- SHA-256 columns, are checked once at the next start and re-signed (see audit_legacy_chain).
alter table audit_entry
    add column prev_mac    bytea,
    add column mac         bytea,
    add column mac_version smallint,
    alter column prev_hash drop not null,
    alter column hash drop not null;
-- Finds rows still without a MAC at each start without reading the whole table.
create index audit_entry_unsigned_idx on audit_entry (seq) where mac is null;

-- A purge marker is signed too: the rows it says were deleted, and the MAC the chain goes on from.
alter table audit_purge
    add column last_mac bytea,
    add column mac      bytea,
    alter column last_hash drop not null;

-- Signed statements that the chain had reached a row: a chain that ends before the newest of
-- them lost its newest rows.
create table audit_checkpoint (
    id              bigserial   primary key,
    seq             bigint      not null,
    audit_id        uuid        not null,
    row_mac         bytea       not null,
    checkpointed_at timestamptz not null,
    mac             bytea       not null
);
create index audit_checkpoint_seq_idx on audit_checkpoint (seq desc);

-- The signed record of the one-time move of the rows above to keyed MACs.
create table audit_legacy_chain (
    id               bigserial   primary key,
    rows_verified    bigint      not null,
    last_seq         bigint      not null,
    last_hash        varchar(64),
    first_broken_seq bigint,
    upgraded_at      timestamptz not null,
    mac              bytea       not null
);
