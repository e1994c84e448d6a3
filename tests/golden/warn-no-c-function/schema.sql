CREATE TABLE posts (
    id     BIGINT PRIMARY KEY,
    author TEXT NOT NULL,
    title  TEXT NOT NULL
);
