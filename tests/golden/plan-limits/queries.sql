-- name: ListDocumentsByOwner :many
SELECT id, title FROM documents WHERE owner_id = $1 ORDER BY updated_at DESC;

-- name: ListDocumentsInFolder :many
SELECT id, title FROM documents WHERE folder_id = $1 ORDER BY title;

-- name: GetDocumentByTitle :one
SELECT * FROM documents WHERE title = $1;
