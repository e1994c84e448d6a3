-- GitHub's metadata backend: accounts (users and organizations share one namespace),
-- memberships, repos and forks, issues, pull requests, comments, reactions, stars.
-- Expert design: Alex DeBrie, The DynamoDB Book, chapter 21 "Recreating GitHub's
-- Backend" (24 access patterns, 3 GSIs).

CREATE TYPE account_kind AS ENUM ('User', 'Organization');
CREATE TYPE item_status AS ENUM ('Open', 'Closed');
CREATE TYPE reaction_kind AS ENUM ('+1', '-1', 'smile', 'celebrate', 'confused', 'heart', 'rocket', 'eyes');

CREATE TABLE accounts (
    name         text PRIMARY KEY,
    account_type account_kind NOT NULL,
    email        text,
    payment_plan text NOT NULL DEFAULT 'free',
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
    org_name  text NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
    username  text NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
    role      text NOT NULL DEFAULT 'Member',
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_name, username)
);

CREATE TABLE repos (
    owner             text NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
    name              text NOT NULL,
    description       text,
    forked_from_owner text,
    forked_from_name  text,
    star_count        integer NOT NULL DEFAULT 0,
    fork_count        integer NOT NULL DEFAULT 0,
    issue_and_pr_count integer NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, name),
    FOREIGN KEY (forked_from_owner, forked_from_name) REFERENCES repos (owner, name)
);

CREATE TABLE issues (
    owner        text NOT NULL,
    repo_name    text NOT NULL,
    issue_number integer NOT NULL,
    author       text NOT NULL REFERENCES accounts (name),
    title        text NOT NULL,
    body         text,
    status       item_status NOT NULL DEFAULT 'Open',
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, repo_name, issue_number),
    FOREIGN KEY (owner, repo_name) REFERENCES repos (owner, name) ON DELETE CASCADE
);

CREATE TABLE pull_requests (
    owner       text NOT NULL,
    repo_name   text NOT NULL,
    pr_number   integer NOT NULL,
    author      text NOT NULL REFERENCES accounts (name),
    title       text NOT NULL,
    body        text,
    status      item_status NOT NULL DEFAULT 'Open',
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, repo_name, pr_number),
    FOREIGN KEY (owner, repo_name) REFERENCES repos (owner, name) ON DELETE CASCADE
);

CREATE TABLE issue_comments (
    owner        text NOT NULL,
    repo_name    text NOT NULL,
    issue_number integer NOT NULL,
    comment_id   text NOT NULL,
    author       text NOT NULL REFERENCES accounts (name),
    body         text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, repo_name, issue_number, comment_id),
    FOREIGN KEY (owner, repo_name, issue_number) REFERENCES issues (owner, repo_name, issue_number) ON DELETE CASCADE
);

CREATE TABLE pr_comments (
    owner      text NOT NULL,
    repo_name  text NOT NULL,
    pr_number  integer NOT NULL,
    comment_id text NOT NULL,
    author     text NOT NULL REFERENCES accounts (name),
    body       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, repo_name, pr_number, comment_id),
    FOREIGN KEY (owner, repo_name, pr_number) REFERENCES pull_requests (owner, repo_name, pr_number) ON DELETE CASCADE
);

CREATE TABLE issue_reactions (
    owner        text NOT NULL,
    repo_name    text NOT NULL,
    issue_number integer NOT NULL,
    username     text NOT NULL REFERENCES accounts (name),
    reaction     reaction_kind NOT NULL,
    PRIMARY KEY (owner, repo_name, issue_number, username, reaction),
    FOREIGN KEY (owner, repo_name, issue_number) REFERENCES issues (owner, repo_name, issue_number) ON DELETE CASCADE
);

CREATE TABLE pr_reactions (
    owner     text NOT NULL,
    repo_name text NOT NULL,
    pr_number integer NOT NULL,
    username  text NOT NULL REFERENCES accounts (name),
    reaction  reaction_kind NOT NULL,
    PRIMARY KEY (owner, repo_name, pr_number, username, reaction),
    FOREIGN KEY (owner, repo_name, pr_number) REFERENCES pull_requests (owner, repo_name, pr_number) ON DELETE CASCADE
);

CREATE TABLE issue_comment_reactions (
    owner        text NOT NULL,
    repo_name    text NOT NULL,
    issue_number integer NOT NULL,
    comment_id   text NOT NULL,
    username     text NOT NULL REFERENCES accounts (name),
    reaction     reaction_kind NOT NULL,
    PRIMARY KEY (owner, repo_name, issue_number, comment_id, username, reaction),
    FOREIGN KEY (owner, repo_name, issue_number, comment_id)
        REFERENCES issue_comments (owner, repo_name, issue_number, comment_id) ON DELETE CASCADE
);

CREATE TABLE pr_comment_reactions (
    owner      text NOT NULL,
    repo_name  text NOT NULL,
    pr_number  integer NOT NULL,
    comment_id text NOT NULL,
    username   text NOT NULL REFERENCES accounts (name),
    reaction   reaction_kind NOT NULL,
    PRIMARY KEY (owner, repo_name, pr_number, comment_id, username, reaction),
    FOREIGN KEY (owner, repo_name, pr_number, comment_id)
        REFERENCES pr_comments (owner, repo_name, pr_number, comment_id) ON DELETE CASCADE
);

CREATE TABLE stars (
    owner      text NOT NULL,
    repo_name  text NOT NULL,
    username   text NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
    starred_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, repo_name, username),
    FOREIGN KEY (owner, repo_name) REFERENCES repos (owner, name) ON DELETE CASCADE
);
