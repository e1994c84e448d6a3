-- Gaming player profile: a player, their friends, characters and inventory.
-- Expert design: AWS, "Gaming profile schema design in DynamoDB".

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
