-- Tamper evidence: each history event's hash, SHA-256(previous hash of the audit's
-- chain ‖ the event), so that an event removed, inserted or edited outside the program
-- breaks the chain. Append-only like the history itself.
CREATE TABLE history_chain (
    event_id INTEGER PRIMARY KEY REFERENCES history (id),
    hash     TEXT NOT NULL
);

CREATE TRIGGER history_chain_no_update BEFORE UPDATE ON history_chain
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;

CREATE TRIGGER history_chain_no_delete BEFORE DELETE ON history_chain
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;
