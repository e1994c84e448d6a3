-- Clinic: practice-management database for a small veterinary clinic (SQLite 3).
--
-- Runs on the front-desk machine; PRAGMA foreign_keys = ON is set by the app
-- on every connection. Timestamps are ISO-8601 UTC strings ('2024-05-01T09:30:00Z').

PRAGMA foreign_keys = ON;

CREATE TABLE owners (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    email       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    full_name   TEXT NOT NULL,
    phone       TEXT,
    address     TEXT,
    legacy_ref,                       -- id from the old FoxPro system, untyped on purpose
    created_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE pets (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id      INTEGER NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    species       TEXT NOT NULL CHECK (species IN ('dog', 'cat', 'rabbit', 'bird', 'reptile', 'other')),
    breed         TEXT,
    birth_date    TEXT,
    weight_kg     REAL,
    microchip_id  TEXT UNIQUE,
    notes         JSON NOT NULL DEFAULT '{}',   -- allergies, temperament, feeding notes
    deceased_at   TEXT,
    created_at    TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX pets_owner_idx ON pets (owner_id, name);

CREATE TABLE vets (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    email       TEXT NOT NULL UNIQUE,
    full_name   TEXT NOT NULL,
    license_no  TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    hired_on    TEXT
);

-- Reference list: 'DERM', 'ORTHO', 'DENT', 'EXOTIC', ...
CREATE TABLE specialties (
    code  TEXT PRIMARY KEY,
    name  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE vet_specialties (
    vet_id          INTEGER NOT NULL,
    specialty_code  TEXT NOT NULL,
    certified_on    TEXT,
    PRIMARY KEY (vet_id, specialty_code),
    FOREIGN KEY (vet_id) REFERENCES vets (id) ON DELETE CASCADE,
    FOREIGN KEY (specialty_code) REFERENCES specialties (code)
) WITHOUT ROWID;

CREATE TABLE appointments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    pet_id        INTEGER NOT NULL,
    vet_id        INTEGER NOT NULL,
    scheduled_at  TEXT NOT NULL,
    duration_min  INTEGER NOT NULL DEFAULT 30,
    status        TEXT NOT NULL DEFAULT 'BOOKED',  -- BOOKED, CHECKED_IN, COMPLETED, CANCELLED, NO_SHOW
    reason        TEXT,
    created_at    TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (pet_id) REFERENCES pets (id) ON DELETE CASCADE,
    FOREIGN KEY (vet_id) REFERENCES vets (id)
);

CREATE INDEX appointments_vet_time_idx ON appointments (vet_id, scheduled_at);
CREATE INDEX appointments_pet_time_idx ON appointments (pet_id, scheduled_at);

-- What actually happened in the exam room. At most one visit per appointment;
-- walk-ins have no appointment.
CREATE TABLE visits (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    appointment_id  INTEGER REFERENCES appointments (id),
    pet_id          INTEGER NOT NULL REFERENCES pets (id) ON DELETE CASCADE,
    vet_id          INTEGER NOT NULL REFERENCES vets (id),
    weight_kg       REAL,
    diagnosis       TEXT,
    vitals          JSON,            -- {"temp_c": 38.6, "heart_rate": 92, ...}
    started_at      TEXT NOT NULL,
    ended_at        TEXT
);

CREATE UNIQUE INDEX visits_appointment_uq ON visits (appointment_id);

CREATE TABLE medications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL UNIQUE,
    form        TEXT NOT NULL DEFAULT 'tablet',
    unit_price  REAL NOT NULL,
    controlled  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE prescriptions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    visit_id       INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
    medication_id  INTEGER NOT NULL REFERENCES medications (id),
    dosage         TEXT NOT NULL,
    quantity       INTEGER NOT NULL,
    refills        INTEGER NOT NULL DEFAULT 0,
    prescribed_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE invoices (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id     INTEGER NOT NULL REFERENCES owners (id),
    visit_id     INTEGER REFERENCES visits (id),
    total_cents  INTEGER NOT NULL,
    status       TEXT NOT NULL DEFAULT 'OPEN',     -- OPEN, PAID, VOID
    line_items   JSON NOT NULL,
    issued_at    TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    paid_at      TEXT
);

CREATE INDEX invoices_owner_issued_idx ON invoices (owner_id, issued_at);
