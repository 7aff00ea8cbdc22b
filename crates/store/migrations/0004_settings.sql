-- Settings of the program on this database: the user's name and role in the app.
-- Migrations are append-only: once released, this file is never edited.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
