-- Limits: more GSIs than gsi.limit allows, and an item that can outgrow 400 KB.
CREATE TABLE documents (
  id bigint PRIMARY KEY,
  owner_id bigint NOT NULL,
  folder_id bigint NOT NULL,
  title varchar(200) NOT NULL,
  body varchar(120000) NOT NULL,
  updated_at timestamptz NOT NULL
);
