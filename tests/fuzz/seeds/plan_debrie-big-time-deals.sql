CREATE TABLE brands (
    name        text PRIMARY KEY,
    logo_url    text,
    likes_count integer NOT NULL DEFAULT 0,
    watch_count integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE categories (
    name        text PRIMARY KEY,
    likes_count integer NOT NULL DEFAULT 0,
    watch_count integer NOT NULL DEFAULT 0
);
CREATE TABLE deals (
    deal_id       text PRIMARY KEY,
    title         text NOT NULL,
    link          text NOT NULL,
    price         numeric(12, 2) NOT NULL,
    brand_name    text NOT NULL REFERENCES brands (name),
    category_name text NOT NULL REFERENCES categories (name),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE pages (
    name       text PRIMARY KEY,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE featured_deals (
    page_name text NOT NULL REFERENCES pages (name) ON DELETE CASCADE,
    deal_id   text NOT NULL REFERENCES deals (deal_id) ON DELETE CASCADE,
    position  integer NOT NULL,
    PRIMARY KEY (page_name, deal_id)
);
CREATE TABLE category_featured_deals (
    category_name text NOT NULL REFERENCES categories (name) ON DELETE CASCADE,
    deal_id       text NOT NULL REFERENCES deals (deal_id) ON DELETE CASCADE,
    position      integer NOT NULL,
    PRIMARY KEY (category_name, deal_id)
);
CREATE TABLE users (
    username   text PRIMARY KEY,
    email      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE brand_likes (
    brand_name text NOT NULL REFERENCES brands (name) ON DELETE CASCADE,
    username   text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    PRIMARY KEY (brand_name, username)
);
CREATE TABLE brand_watches (
    brand_name text NOT NULL REFERENCES brands (name) ON DELETE CASCADE,
    username   text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    PRIMARY KEY (brand_name, username)
);
CREATE TABLE category_likes (
    category_name text NOT NULL REFERENCES categories (name) ON DELETE CASCADE,
    username      text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    PRIMARY KEY (category_name, username)
);
CREATE TABLE category_watches (
    category_name text NOT NULL REFERENCES categories (name) ON DELETE CASCADE,
    username      text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    PRIMARY KEY (category_name, username)
);
CREATE TABLE messages (
    username   text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    message_id text NOT NULL,
    subject    text NOT NULL,
    body       text NOT NULL,
    unread     boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (username, message_id)
);
-- queries
-- name: CreateDeal :exec
INSERT INTO deals (deal_id, title, link, price, brand_name, category_name, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7);
-- name: GetDeal :one
SELECT * FROM deals
WHERE deal_id = $1;
-- name: CreateBrand :exec
INSERT INTO brands (name, logo_url)
VALUES ($1, $2);
-- name: GetBrand :one
SELECT * FROM brands
WHERE name = $1;
-- name: ListAllBrands :many
SELECT name FROM brands;
-- name: CreateCategory :exec
INSERT INTO categories (name)
VALUES ($1);
-- name: FeatureDealOnPage :exec
INSERT INTO featured_deals (page_name, deal_id, position)
VALUES ($1, $2, $3);
-- name: UnfeatureDealOnPage :exec
DELETE FROM featured_deals
WHERE page_name = $1 AND deal_id = $2;
-- name: FeatureDealInCategory :exec
INSERT INTO category_featured_deals (category_name, deal_id, position)
VALUES ($1, $2, $3);
-- name: GetFrontPage :many
SELECT deal_id, position FROM featured_deals
WHERE page_name = 'FRONT_PAGE'
ORDER BY position;
-- name: ListLatestDeals :many
SELECT * FROM deals
ORDER BY created_at DESC
LIMIT 25;
-- name: GetEditorsChoicePage :many
SELECT deal_id, position FROM featured_deals
WHERE page_name = 'EDITORS_CHOICE'
ORDER BY position;
-- name: GetCategoryFeaturedDeals :many
SELECT deal_id, position FROM category_featured_deals
WHERE category_name = $1
ORDER BY position;
-- name: GetCategoryAndLatestDeals :many
SELECT c.name, c.likes_count, c.watch_count, d.deal_id, d.title, d.price, d.brand_name, d.created_at
FROM categories c
JOIN deals d ON d.category_name = c.name
WHERE c.name = $1
ORDER BY d.created_at DESC
LIMIT 25;
-- name: ListLatestDealsForBrand :many
SELECT * FROM deals
WHERE brand_name = $1
ORDER BY created_at DESC
LIMIT 25;
-- name: CreateUser :exec
INSERT INTO users (username, email)
VALUES ($1, $2);
-- name: GetUser :one
SELECT * FROM users
WHERE username = $1;
-- name: LikeBrandForUser :exec
INSERT INTO brand_likes (brand_name, username)
VALUES ($1, $2);
-- name: WatchBrandForUser :exec
INSERT INTO brand_watches (brand_name, username)
VALUES ($1, $2);
-- name: LikeCategoryForUser :exec
INSERT INTO category_likes (category_name, username)
VALUES ($1, $2);
-- name: WatchCategoryForUser :exec
INSERT INTO category_watches (category_name, username)
VALUES ($1, $2);
-- name: ListMessagesForUser :many
SELECT * FROM messages
WHERE username = $1
ORDER BY message_id DESC;
-- name: ListUnreadMessagesForUser :many
SELECT * FROM messages
WHERE username = $1 AND unread = true
ORDER BY message_id DESC;
-- name: MarkMessageRead :exec
UPDATE messages SET unread = false
WHERE username = $1 AND message_id = $2;
-- name: CreateMessage :exec
INSERT INTO messages (username, message_id, subject, body)
VALUES ($1, $2, $3, $4);
-- name: ListAllUsers :many
SELECT username FROM users;
-- name: GetBrandWatchers :many
SELECT username FROM brand_watches
WHERE brand_name = $1;
-- name: GetCategoryWatchers :many
SELECT username FROM category_watches
WHERE category_name = $1;
