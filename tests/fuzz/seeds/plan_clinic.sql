PRAGMA foreign_keys = ON;
CREATE TABLE owners (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    email       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    full_name   TEXT NOT NULL,
    phone       TEXT,
    address     TEXT,
    legacy_ref,
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
    notes         JSON NOT NULL DEFAULT '{}',
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
    status        TEXT NOT NULL DEFAULT 'BOOKED',
    reason        TEXT,
    created_at    TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (pet_id) REFERENCES pets (id) ON DELETE CASCADE,
    FOREIGN KEY (vet_id) REFERENCES vets (id)
);
CREATE INDEX appointments_vet_time_idx ON appointments (vet_id, scheduled_at);
CREATE INDEX appointments_pet_time_idx ON appointments (pet_id, scheduled_at);
CREATE TABLE visits (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    appointment_id  INTEGER REFERENCES appointments (id),
    pet_id          INTEGER NOT NULL REFERENCES pets (id) ON DELETE CASCADE,
    vet_id          INTEGER NOT NULL REFERENCES vets (id),
    weight_kg       REAL,
    diagnosis       TEXT,
    vitals          JSON,
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
    status       TEXT NOT NULL DEFAULT 'OPEN',
    line_items   JSON NOT NULL,
    issued_at    TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    paid_at      TEXT
);
CREATE INDEX invoices_owner_issued_idx ON invoices (owner_id, issued_at);
-- queries
-- name: GetOwner :one
SELECT * FROM owners
WHERE id = ?;
-- name: GetOwnerByEmail :one
SELECT id, email, full_name, phone
FROM owners
WHERE email = ?;
-- name: CreateOwner :execlastid
INSERT INTO owners (email, full_name, phone, address)
VALUES (?, ?, ?, ?);
-- name: ListPetsByOwner :many
SELECT id, name, species, breed, birth_date, weight_kg
FROM pets
WHERE owner_id = ? AND deceased_at IS NULL
ORDER BY name
LIMIT 50;
-- name: GetPetByMicrochip :one
SELECT p.id, p.name, p.species, p.owner_id
FROM pets p
WHERE p.microchip_id = ?;
-- name: CreatePet :one
INSERT INTO pets (owner_id, name, species, breed, birth_date, microchip_id)
VALUES (?, ?, ?, ?, ?, ?)
RETURNING id, created_at;
-- name: GetOwnerWithPets :many
SELECT o.id, o.full_name, o.phone, p.id AS pet_id, p.name AS pet_name, p.species
FROM owners o
JOIN pets p ON p.owner_id = o.id
WHERE o.id = ?
ORDER BY p.name;
-- name: ListVetsBySpecialty :many
SELECT v.id, v.full_name, vs.certified_on
FROM vet_specialties vs
JOIN vets v ON v.id = vs.vet_id
WHERE vs.specialty_code = ?;
-- name: ListSpecialtiesForVet :many
SELECT s.code, s.name, vs.certified_on
FROM vet_specialties vs
JOIN specialties s ON s.code = vs.specialty_code
WHERE vs.vet_id = ?;
-- name: BookAppointment :execlastid
INSERT INTO appointments (pet_id, vet_id, scheduled_at, duration_min, reason)
VALUES (?, ?, ?, ?, ?);
-- name: ListVetDay :many
SELECT a.id, a.pet_id, a.scheduled_at, a.duration_min, a.status, a.reason
FROM appointments a
WHERE a.vet_id = ? AND a.scheduled_at BETWEEN ? AND ?
ORDER BY a.scheduled_at;
-- name: ListUpcomingAppointmentsForPet :many
SELECT id, vet_id, scheduled_at, status
FROM appointments
WHERE pet_id = ? AND scheduled_at >= ?
ORDER BY scheduled_at
LIMIT 10;
-- name: ListCheckedInAppointments :many
SELECT id, pet_id, vet_id, scheduled_at
FROM appointments
WHERE status = 'CHECKED_IN'
ORDER BY scheduled_at;
-- name: ListActiveAppointmentsForVet :many
SELECT id, pet_id, scheduled_at, status
FROM appointments
WHERE vet_id = ? AND status IN ('BOOKED', 'CHECKED_IN')
ORDER BY scheduled_at
LIMIT 30;
-- name: SetAppointmentStatus :execrows
UPDATE appointments
SET status = ?
WHERE id = ?;
-- name: CancelAppointment :exec
UPDATE appointments
SET status = 'CANCELLED'
WHERE id = ?;
-- name: CountAppointmentsByStatus :many
SELECT status, COUNT(*) AS appointment_count
FROM appointments
WHERE vet_id = ?
GROUP BY status;
-- name: StartVisit :execlastid
INSERT INTO visits (appointment_id, pet_id, vet_id, started_at)
VALUES (?, ?, ?, ?);
-- name: FinishVisit :exec
UPDATE visits
SET diagnosis = ?, weight_kg = ?, vitals = ?, ended_at = ?
WHERE id = ?;
-- name: ListVisitsForPet :many
SELECT id, vet_id, diagnosis, weight_kg, started_at, ended_at
FROM visits
WHERE pet_id = ?
ORDER BY started_at DESC
LIMIT 20;
-- name: ListOpenVisitsForVet :many
SELECT id, pet_id, started_at
FROM visits
WHERE vet_id = ? AND ended_at IS NULL;
-- name: GetVisitWithPrescriptions :many
SELECT vi.id, vi.diagnosis, pr.id AS prescription_id, pr.medication_id, pr.dosage, pr.quantity, pr.refills
FROM visits vi
JOIN prescriptions pr ON pr.visit_id = vi.id
WHERE vi.id = ?
ORDER BY pr.prescribed_at;
-- name: GetMedicationByName :one
SELECT * FROM medications
WHERE name = ?;
-- name: ListVaccinationVisitsForPet :many
SELECT id, vet_id, diagnosis, started_at
FROM visits
WHERE pet_id = ? AND diagnosis LIKE 'VACC:%'
ORDER BY started_at DESC;
-- name: AddPrescription :exec
INSERT INTO prescriptions (visit_id, medication_id, dosage, quantity, refills)
VALUES (?, ?, ?, ?, ?);
/* name: DeletePrescription :exec */
DELETE FROM prescriptions
WHERE id = ?;
-- name: ListOpenInvoicesForOwner :many
SELECT id, visit_id, total_cents, issued_at
FROM invoices
WHERE owner_id = ? AND status = 'OPEN'
ORDER BY issued_at DESC;
-- name: MarkInvoicePaid :execrows
UPDATE invoices
SET status = 'PAID', paid_at = ?
WHERE id = ? AND status = 'OPEN';
-- name: ListPaidInvoicesForOwner :many
SELECT id, visit_id, total_cents, paid_at
FROM invoices
WHERE owner_id = ? AND paid_at IS NOT NULL
ORDER BY paid_at DESC
LIMIT 20;
