-- Queries for the front-desk and exam-room app (sqlc, engine: sqlite).

-- name: GetOwner :one
SELECT * FROM owners
WHERE id = ?;

-- name: GetOwnerByEmail :one
-- Reminder e-mails link back to the owner's portal by address.
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
-- Found-animal lookup at reception.
SELECT p.id, p.name, p.species, p.owner_id
FROM pets p
WHERE p.microchip_id = ?;

-- name: CreatePet :one
INSERT INTO pets (owner_id, name, species, breed, birth_date, microchip_id)
VALUES (?, ?, ?, ?, ?, ?)
RETURNING id, created_at;

-- name: GetOwnerWithPets :many
-- Client card: the owner joined to every pet they have registered.
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
-- The vet's schedule for one day: scheduled_at BETWEEN start and end of day.
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
-- Waiting-room board.
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
-- No-show statistics per vet.
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
-- Medical history, most recent first.
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
-- Vaccination visits are recorded with a diagnosis code starting 'VACC:'.
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
