-- Follow-up of recommendations: in a follow-up audit, the unit's answer to each
-- recommendation of the audit it follows (status and the situation today) and the
-- controller's own assessment.
-- Migrations are append-only: once released, this file is never edited.
CREATE TABLE followups (
    audit_id          INTEGER NOT NULL REFERENCES audits (id),
    recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
    status            TEXT NOT NULL
                      CHECK (status IN ('genomford', 'pagar', 'ej_paborjad', 'ej_aktuell')),
    answer            TEXT NOT NULL,       -- svar och beskrivning av situationen idag
    assessment        TEXT,                -- the controller's own assessment
    updated_at        TEXT NOT NULL,
    updated_by        TEXT NOT NULL,
    PRIMARY KEY (audit_id, recommendation_id)
);
