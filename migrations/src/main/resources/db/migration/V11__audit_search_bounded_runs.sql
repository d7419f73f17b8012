-- PostgreSQL's text-search parser takes time quadratic in the length of some runs without a space
-- (a_a_a_…, ab@1ab@1…): one message of them could stall the audit writes of every client. The run is cut
-- every 64 chars before parsing (linear, and ordinary words and tokens are shorter); the search query is
-- cut the same way, so a longer token is still found.
drop index audit_entry_tsv_idx;
alter table audit_entry drop column content_tsv;
alter table audit_entry add column content_tsv tsvector
    generated always as (to_tsvector('simple', regexp_replace(content, '(\S{64})', '\1 ', 'g'))) stored;
create index audit_entry_tsv_idx on audit_entry using gin (content_tsv);
