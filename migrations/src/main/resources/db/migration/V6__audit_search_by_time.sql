-- Search pages newest first by finish time, ties broken by sequence: every filter indexes with it,
-- and a time range becomes an index range instead of a scan.
drop index audit_entry_finished_idx;
drop index audit_entry_user_idx;
drop index audit_entry_bot_idx;
drop index audit_entry_action_idx;
drop index audit_entry_outcome_idx;
create index audit_entry_finished_idx on audit_entry (finished_at desc, seq desc);
create index audit_entry_user_idx on audit_entry (user_id, finished_at desc, seq desc);
create index audit_entry_bot_idx on audit_entry (bot_id, finished_at desc, seq desc);
create index audit_entry_action_idx on audit_entry (action, finished_at desc, seq desc);
create index audit_entry_outcome_idx on audit_entry (outcome, finished_at desc, seq desc);
