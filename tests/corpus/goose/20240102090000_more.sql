-- +goose NO TRANSACTION
-- Reviews and shelves. No transaction because of CREATE INDEX CONCURRENTLY.

-- +goose Up
ALTER TABLE books ADD COLUMN language CHAR(2) NOT NULL DEFAULT 'en';

CREATE TABLE readers (
    id          BIGSERIAL PRIMARY KEY,
    username    TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE reviews (
    id          BIGSERIAL PRIMARY KEY,
    book_id     BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    reader_id   BIGINT NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
    stars       SMALLINT NOT NULL CHECK (stars BETWEEN 1 AND 5),
    body        TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (book_id, reader_id)
);

-- A reader's shelves ("to read", "favourites") hold many books; a book is on many shelves.
CREATE TABLE shelf_books (
    reader_id   BIGINT NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
    book_id     BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    shelf       TEXT NOT NULL DEFAULT 'to-read',
    added_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (reader_id, shelf, book_id)
);

CREATE INDEX CONCURRENTLY IF NOT EXISTS reviews_book_id_created_at_idx ON reviews (book_id, created_at DESC);

-- +goose StatementBegin
CREATE FUNCTION book_average_stars(p_book_id BIGINT) RETURNS NUMERIC
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    result NUMERIC;
BEGIN
    SELECT avg(stars) INTO result FROM reviews WHERE book_id = p_book_id;
    RETURN coalesce(result, 0);  -- no reviews yet: 0; never NULL
END;
$fn$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION IF EXISTS book_average_stars(BIGINT);
DROP TABLE IF EXISTS shelf_books;
DROP TABLE IF EXISTS reviews;
DROP TABLE IF EXISTS readers;
ALTER TABLE books DROP COLUMN language;
