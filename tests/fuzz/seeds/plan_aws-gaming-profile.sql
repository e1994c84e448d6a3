CREATE TABLE players (
    player_id  text PRIMARY KEY,
    user_name  text NOT NULL,
    email      text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE friends (
    player_id   text NOT NULL REFERENCES players (player_id) ON DELETE CASCADE,
    friend_id   text NOT NULL REFERENCES players (player_id) ON DELETE CASCADE,
    friend_name text NOT NULL,
    since       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (player_id, friend_id)
);
CREATE TABLE characters (
    player_id    text NOT NULL REFERENCES players (player_id) ON DELETE CASCADE,
    character_id text NOT NULL,
    class        text NOT NULL,
    level        integer NOT NULL DEFAULT 1,
    experience   bigint NOT NULL DEFAULT 0,
    health       integer NOT NULL,
    PRIMARY KEY (player_id, character_id)
);
CREATE TABLE inventory_items (
    player_id  text NOT NULL REFERENCES players (player_id) ON DELETE CASCADE,
    item_id    text NOT NULL,
    item_name  text NOT NULL,
    item_count integer NOT NULL DEFAULT 0,
    PRIMARY KEY (player_id, item_id)
);
-- queries
-- name: GetPlayerFriends :many
SELECT friend_id, friend_name, since FROM friends
WHERE player_id = $1;
-- name: GetPlayerAllProfile :many
SELECT p.player_id, p.user_name, c.character_id, c.class, c.level, c.experience, c.health
FROM players p
JOIN characters c ON c.player_id = p.player_id
WHERE p.player_id = $1;
-- name: GetPlayerAllItems :many
SELECT * FROM inventory_items
WHERE player_id = $1;
-- name: GetPlayerSpecificItem :one
SELECT * FROM inventory_items
WHERE player_id = $1 AND item_id = $2;
-- name: UpdateCharacterAttributes :exec
UPDATE characters SET level = $3, experience = $4, health = $5
WHERE player_id = $1 AND character_id = $2;
-- name: UpdateItemCount :exec
UPDATE inventory_items SET item_count = $3
WHERE player_id = $1 AND item_id = $2;
