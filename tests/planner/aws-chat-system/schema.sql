-- Chat system: users create rooms, join and leave them, and comment in them.
-- Expert design: AWS, aws-dynamodb-examples schema_design/SchemaExamples/ChatSystem.

CREATE TABLE users (
    user_id      text PRIMARY KEY,
    display_name text NOT NULL
);

CREATE TABLE rooms (
    room_id    text PRIMARY KEY,
    created_by text NOT NULL REFERENCES users (user_id),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE room_members (
    user_id   text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    room_id   text NOT NULL REFERENCES rooms (room_id) ON DELETE CASCADE,
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, room_id)
);

CREATE TABLE comments (
    comment_id text PRIMARY KEY,
    room_id    text NOT NULL REFERENCES rooms (room_id) ON DELETE CASCADE,
    user_id    text NOT NULL REFERENCES users (user_id),
    body       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
