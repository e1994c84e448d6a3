-- +goose Up
CREATE TABLE authors (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL,
    email       TEXT UNIQUE,
    bio         TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE books (
    id            BIGSERIAL PRIMARY KEY,
    author_id     BIGINT NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
    isbn          VARCHAR(13) NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    published_on  DATE,
    price_cents   INTEGER NOT NULL DEFAULT 0,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX books_author_id_idx ON books (author_id);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TRIGGER authors_touch_updated_at BEFORE UPDATE ON authors
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER books_touch_updated_at BEFORE UPDATE ON books
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- +goose Down
DROP TRIGGER IF EXISTS books_touch_updated_at ON books;
DROP TRIGGER IF EXISTS authors_touch_updated_at ON authors;
DROP FUNCTION IF EXISTS touch_updated_at();
DROP TABLE books;
DROP TABLE authors;
