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
-- queries
-- name: GetRepo :one
SELECT * FROM repos
WHERE owner = $1 AND name = $2;
-- name: CreateRepo :exec
INSERT INTO repos (owner, name, description)
VALUES ($1, $2, $3);
-- name: GetIssue :one
SELECT * FROM issues
WHERE owner = $1 AND repo_name = $2 AND issue_number = $3;
-- name: CreateIssue :exec
INSERT INTO issues (owner, repo_name, issue_number, author, title, body)
VALUES ($1, $2, $3, $4, $5, $6);
-- name: ListIssuesForRepo :many
SELECT r.owner, r.name, r.description, r.star_count, r.fork_count,
       i.issue_number, i.title, i.status, i.author, i.created_at
FROM repos r
JOIN issues i ON i.owner = r.owner AND i.repo_name = r.name
WHERE r.owner = $1 AND r.name = $2
ORDER BY i.issue_number DESC
LIMIT 25;
-- name: GetPullRequest :one
SELECT * FROM pull_requests
WHERE owner = $1 AND repo_name = $2 AND pr_number = $3;
-- name: CreatePullRequest :exec
INSERT INTO pull_requests (owner, repo_name, pr_number, author, title, body)
VALUES ($1, $2, $3, $4, $5, $6);
-- name: ListPullRequestsForRepo :many
SELECT r.owner, r.name, r.description, r.star_count, r.fork_count,
       p.pr_number, p.title, p.status, p.author, p.created_at
FROM repos r
JOIN pull_requests p ON p.owner = r.owner AND p.repo_name = r.name
WHERE r.owner = $1 AND r.name = $2
ORDER BY p.pr_number DESC
LIMIT 25;
-- name: ForkRepo :exec
INSERT INTO repos (owner, name, description, forked_from_owner, forked_from_name)
VALUES ($1, $2, $3, $4, $5);
-- name: GetForksForRepo :many
SELECT owner, name, description, created_at FROM repos
WHERE forked_from_owner = $1 AND forked_from_name = $2;
-- name: AddCommentToIssue :exec
INSERT INTO issue_comments (owner, repo_name, issue_number, comment_id, author, body)
VALUES ($1, $2, $3, $4, $5, $6);
-- name: AddCommentToPullRequest :exec
INSERT INTO pr_comments (owner, repo_name, pr_number, comment_id, author, body)
VALUES ($1, $2, $3, $4, $5, $6);
-- name: AddReactionToIssue :exec
INSERT INTO issue_reactions (owner, repo_name, issue_number, username, reaction)
VALUES ($1, $2, $3, $4, $5);
-- name: AddReactionToPullRequest :exec
INSERT INTO pr_reactions (owner, repo_name, pr_number, username, reaction)
VALUES ($1, $2, $3, $4, $5);
-- name: AddReactionToIssueComment :exec
INSERT INTO issue_comment_reactions (owner, repo_name, issue_number, comment_id, username, reaction)
VALUES ($1, $2, $3, $4, $5, $6);
-- name: AddReactionToPullRequestComment :exec
INSERT INTO pr_comment_reactions (owner, repo_name, pr_number, comment_id, username, reaction)
VALUES ($1, $2, $3, $4, $5, $6);
-- name: StarRepo :exec
INSERT INTO stars (owner, repo_name, username)
VALUES ($1, $2, $3);
-- name: GetStargazersForRepo :many
SELECT r.owner, r.name, r.star_count, s.username, s.starred_at
FROM repos r
JOIN stars s ON s.owner = r.owner AND s.repo_name = r.name
WHERE r.owner = $1 AND r.name = $2;
-- name: CreateUser :exec
INSERT INTO accounts (name, account_type, email)
VALUES ($1, 'User', $2);
-- name: CreateOrganization :exec
INSERT INTO accounts (name, account_type, email)
VALUES ($1, 'Organization', $2);
-- name: GetUser :one
SELECT * FROM accounts
WHERE name = $1;
-- name: GetOrganization :one
SELECT * FROM accounts
WHERE name = $1;
-- name: AddUserToOrganization :exec
INSERT INTO memberships (org_name, username, role)
VALUES ($1, $2, $3);
-- name: GetUsersInOrganization :many
SELECT a.name, a.payment_plan, m.username, m.role
FROM accounts a
JOIN memberships m ON m.org_name = a.name
WHERE a.name = $1;
-- name: GetOrganizationsForUser :many
SELECT org_name, role FROM memberships
WHERE username = $1;
-- name: GetReposForUser :many
SELECT a.name, a.account_type, r.name AS repo_name, r.description, r.updated_at
FROM accounts a
JOIN repos r ON r.owner = a.name
WHERE a.name = $1
ORDER BY r.updated_at DESC;
-- name: GetReposForOrganization :many
SELECT a.name, a.account_type, r.name AS repo_name, r.description, r.updated_at
FROM accounts a
JOIN repos r ON r.owner = a.name
WHERE a.name = $1
ORDER BY r.updated_at DESC;
