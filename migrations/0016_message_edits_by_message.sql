-- The edit queue finds a message's rows by message (a failed attempt
-- reschedules them, a message found gone closes them), and the table only
-- grows: a correction shown in 3,000 messages adds 3,000 rows. Without an
-- index that starts with the message, each of those lookups read the whole
-- table.
CREATE INDEX message_edits_by_message ON message_edits (message_id, audit_id);
