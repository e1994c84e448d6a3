-- Social network: users follow users, write posts, like posts, and read a timeline.
-- Expert design: AWS, "Social network schema design in DynamoDB".

CREATE TABLE users (
    user_id         text PRIMARY KEY,
    name            text NOT NULL,
    content         text,
    image_url       text,
    follower_count  integer NOT NULL DEFAULT 0,
    following_count integer NOT NULL DEFAULT 0,
    post_count      integer NOT NULL DEFAULT 0
);

-- follower_id follows user_id.
CREATE TABLE follows (
    user_id     text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    follower_id text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    followed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, follower_id)
);

CREATE TABLE posts (
    post_id    text PRIMARY KEY,
    user_id    text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    content    text NOT NULL,
    image_url  text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE likes (
    post_id  text NOT NULL REFERENCES posts (post_id) ON DELETE CASCADE,
    user_id  text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    liked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (post_id, user_id)
);

-- Materialized timeline: posts of followed users, expiring after a while.
CREATE TABLE timeline_entries (
    user_id    text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    post_id    text NOT NULL REFERENCES posts (post_id) ON DELETE CASCADE,
    author_id  text NOT NULL REFERENCES users (user_id),
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, post_id)
);
