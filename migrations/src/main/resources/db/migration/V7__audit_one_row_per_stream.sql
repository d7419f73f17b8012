-- A stream has exactly one audit row, whichever node writes it and however often it is retried.
create unique index audit_entry_stream_idx on audit_entry (stream_id) where stream_id is not null;
