-- Big Time Deals: a deals site. Editors post deals (each for one brand and one
-- category) and feature some on the front page, the editor's choice page and category
-- pages; users like and watch brands and categories and receive in-app messages.
-- Expert design: Alex DeBrie, The DynamoDB Book, ch. 20 "Building Big Time Deals".

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

-- Editor-curated pages: 'FRONT_PAGE' and 'EDITORS_CHOICE'.
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

-- message_id is a KSUID: id order is creation order.
CREATE TABLE messages (
    username   text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    message_id text NOT NULL,
    subject    text NOT NULL,
    body       text NOT NULL,
    unread     boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (username, message_id)
);
