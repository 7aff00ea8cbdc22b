-- A fact-check round has a date the enhetschef's response is expected by, and can be
-- ended without (or without waiting for) a response: withdrawn by the controller, or
-- closed when no response came. Either way with a reason, in the history and in Metod.
-- Migrations are append-only: once released, this file is never edited.
ALTER TABLE factcheck_rounds ADD COLUMN due TEXT;            -- YYYY-MM-DD
ALTER TABLE factcheck_rounds ADD COLUMN closed_at TEXT;
ALTER TABLE factcheck_rounds ADD COLUMN closed_by TEXT;
ALTER TABLE factcheck_rounds ADD COLUMN closed_kind TEXT
    CHECK (closed_kind IS NULL OR closed_kind IN ('withdrawn', 'no_response'));
ALTER TABLE factcheck_rounds ADD COLUMN closed_reason TEXT;
