-- Who did it: the operating-system account of the process that wrote each history
-- event, beside the name the user typed (which is free text and proves nothing).
-- NULL for events written before this migration.
ALTER TABLE history ADD COLUMN os_account TEXT;
