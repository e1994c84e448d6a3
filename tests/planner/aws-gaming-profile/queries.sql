-- Access patterns of the AWS gaming profile design (Base table only, 0 GSIs).

-- name: GetPlayerFriends :many
-- "getPlayerFriends": Get a user's friend list
SELECT friend_id, friend_name, since FROM friends
WHERE player_id = $1;

-- name: GetPlayerAllProfile :many
-- "getPlayerAllProfile": Get all of a player's information
SELECT p.player_id, p.user_name, c.character_id, c.class, c.level, c.experience, c.health
FROM players p
JOIN characters c ON c.player_id = p.player_id
WHERE p.player_id = $1;

-- name: GetPlayerAllItems :many
-- "getPlayerAllItems": Get a user's item list
SELECT * FROM inventory_items
WHERE player_id = $1;

-- name: GetPlayerSpecificItem :one
-- "getPlayerSpecificItem": Get a specific item from the user's item list
SELECT * FROM inventory_items
WHERE player_id = $1 AND item_id = $2;

-- name: UpdateCharacterAttributes :exec
-- "updateCharacterAttributes": Update a user's character
UPDATE characters SET level = $3, experience = $4, health = $5
WHERE player_id = $1 AND character_id = $2;

-- name: UpdateItemCount :exec
-- "updateItemCount": Update the item count for a user
UPDATE inventory_items SET item_count = $3
WHERE player_id = $1 AND item_id = $2;
