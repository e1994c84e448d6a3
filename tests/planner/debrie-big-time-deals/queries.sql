-- Access patterns of Big Time Deals (The DynamoDB Book, ch. 20): main table + GSI1
-- (latest deals by day bucket; unread messages, sparse) + GSI2 (deals by brand)
-- + GSI3 (deals by category) + UserIndex (sparse, users only): 4 GSIs.

-- ---------------------------------------------------------------- Core entities

-- name: CreateDeal :exec
-- "Create Deal"
INSERT INTO deals (deal_id, title, link, price, brand_name, category_name, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: GetDeal :one
-- "Fetch Deal"
SELECT * FROM deals
WHERE deal_id = $1;

-- name: CreateBrand :exec
-- "Create Brand"
INSERT INTO brands (name, logo_url)
VALUES ($1, $2);

-- name: GetBrand :one
-- "Fetch Brand" (with its like and watch counts)
SELECT * FROM brands
WHERE name = $1;

-- name: ListAllBrands :many
-- "Fetch all Brands"
SELECT name FROM brands;

-- name: CreateCategory :exec
-- "Create Category"
INSERT INTO categories (name)
VALUES ($1);

-- ---------------------------------------------------------------- Featured deals and pages

-- name: FeatureDealOnPage :exec
-- "Set Featured Deals for Front Page" / "Set Featured Deals for Editor's Choice Page"
INSERT INTO featured_deals (page_name, deal_id, position)
VALUES ($1, $2, $3);

-- name: UnfeatureDealOnPage :exec
-- "Set Featured Deals for Front Page" / "Set Featured Deals for Editor's Choice Page"
DELETE FROM featured_deals
WHERE page_name = $1 AND deal_id = $2;

-- name: FeatureDealInCategory :exec
-- "Set Featured Deals for Category"
INSERT INTO category_featured_deals (category_name, deal_id, position)
VALUES ($1, $2, $3);

-- name: GetFrontPage :many
-- "Fetch Front Page & Latest Deals": the front page's featured deals
SELECT deal_id, position FROM featured_deals
WHERE page_name = 'FRONT_PAGE'
ORDER BY position;

-- name: ListLatestDeals :many
-- "Fetch Front Page & Latest Deals": the latest deals
SELECT * FROM deals
ORDER BY created_at DESC
LIMIT 25;

-- name: GetEditorsChoicePage :many
-- "Fetch Editor's Choice Page"
SELECT deal_id, position FROM featured_deals
WHERE page_name = 'EDITORS_CHOICE'
ORDER BY position;

-- name: GetCategoryFeaturedDeals :many
-- "Fetch Category & Latest Deals": the category's featured deals
SELECT deal_id, position FROM category_featured_deals
WHERE category_name = $1
ORDER BY position;

-- name: GetCategoryAndLatestDeals :many
-- "Fetch Category & Latest Deals" (the expert: GetItem on the category + Query on GSI3, in parallel)
SELECT c.name, c.likes_count, c.watch_count, d.deal_id, d.title, d.price, d.brand_name, d.created_at
FROM categories c
JOIN deals d ON d.category_name = c.name
WHERE c.name = $1
ORDER BY d.created_at DESC
LIMIT 25;

-- name: ListLatestDealsForBrand :many
-- "Fetch Latest Deals for Brand"
SELECT * FROM deals
WHERE brand_name = $1
ORDER BY created_at DESC
LIMIT 25;

-- ---------------------------------------------------------------- Users and interactions

-- name: CreateUser :exec
-- "Create User"
INSERT INTO users (username, email)
VALUES ($1, $2);

-- name: GetUser :one
-- "Fetch User"
SELECT * FROM users
WHERE username = $1;

-- name: LikeBrandForUser :exec
-- "Like Brand for User"
INSERT INTO brand_likes (brand_name, username)
VALUES ($1, $2);

-- name: WatchBrandForUser :exec
-- "Watch Brand for User"
INSERT INTO brand_watches (brand_name, username)
VALUES ($1, $2);

-- name: LikeCategoryForUser :exec
-- "Like Category for User"
INSERT INTO category_likes (category_name, username)
VALUES ($1, $2);

-- name: WatchCategoryForUser :exec
-- "Watch Category for User"
INSERT INTO category_watches (category_name, username)
VALUES ($1, $2);

-- ---------------------------------------------------------------- Messages

-- name: ListMessagesForUser :many
-- "View Messages for User"
SELECT * FROM messages
WHERE username = $1
ORDER BY message_id DESC;

-- name: ListUnreadMessagesForUser :many
-- "View Unread Messages for User" (sparse index: only unread messages are in GSI1)
SELECT * FROM messages
WHERE username = $1 AND unread = true
ORDER BY message_id DESC;

-- name: MarkMessageRead :exec
-- "Mark Message as Read"
UPDATE messages SET unread = false
WHERE username = $1 AND message_id = $2;

-- name: CreateMessage :exec
-- the message written by every "Send ... Message" pattern
INSERT INTO messages (username, message_id, subject, body)
VALUES ($1, $2, $3, $4);

-- name: ListAllUsers :many
-- "Send Hot New Deal Message to all Users": every user (the expert reads the sparse UserIndex)
SELECT username FROM users;

-- name: GetBrandWatchers :many
-- "Send new Brand Deal Message to all Brand Watchers"
SELECT username FROM brand_watches
WHERE brand_name = $1;

-- name: GetCategoryWatchers :many
-- "Send new Category Deal Message to all Category Watchers"
SELECT username FROM category_watches
WHERE category_name = $1;
