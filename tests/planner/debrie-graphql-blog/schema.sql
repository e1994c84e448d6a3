-- SaaS blog hosting: users create Sites, publish Posts on them, and others Comment.
-- Expert design: Alex DeBrie, github.com/alexdebrie/graphql-dynamodb-single-table
-- (companion to "Single-table design with GraphQL and DynamoDB"); ids are ULIDs.

CREATE TABLE sites (
    domain     text PRIMARY KEY,
    name       text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE posts (
    post_id      text PRIMARY KEY,
    domain       text NOT NULL REFERENCES sites (domain) ON DELETE CASCADE,
    title        text NOT NULL,
    content      text NOT NULL,
    publish_date timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE comments (
    comment_id   text PRIMARY KEY,
    post_id      text NOT NULL REFERENCES posts (post_id) ON DELETE CASCADE,
    username     text NOT NULL,
    content      text NOT NULL,
    publish_date timestamptz NOT NULL DEFAULT now()
);
