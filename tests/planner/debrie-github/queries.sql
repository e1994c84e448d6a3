-- The 24 access patterns of DeBrie's GitHub model (The DynamoDB Book, ch. 21):
-- main table + GSI1 (repo and its pull requests) + GSI2 (repo and its forks)
-- + GSI3 (account and its repos, by update time).

-- ---------------------------------------------------------------- Repos

-- name: GetRepo :one
-- "Get / Create Repo"
SELECT * FROM repos
WHERE owner = $1 AND name = $2;

-- name: CreateRepo :exec
-- "Get / Create Repo"
INSERT INTO repos (owner, name, description)
VALUES ($1, $2, $3);

-- name: GetIssue :one
-- "Get / Create / List Issue(s) for Repo"
SELECT * FROM issues
WHERE owner = $1 AND repo_name = $2 AND issue_number = $3;

-- name: CreateIssue :exec
-- "Get / Create / List Issue(s) for Repo"
INSERT INTO issues (owner, repo_name, issue_number, author, title, body)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: ListIssuesForRepo :many
-- "Get / Create / List Issue(s) for Repo": the repo and its issues, newest first, in one item collection
SELECT r.owner, r.name, r.description, r.star_count, r.fork_count,
       i.issue_number, i.title, i.status, i.author, i.created_at
FROM repos r
JOIN issues i ON i.owner = r.owner AND i.repo_name = r.name
WHERE r.owner = $1 AND r.name = $2
ORDER BY i.issue_number DESC
LIMIT 25;

-- name: GetPullRequest :one
-- "Get / Create / List Pull Request(s) for Repo"
SELECT * FROM pull_requests
WHERE owner = $1 AND repo_name = $2 AND pr_number = $3;

-- name: CreatePullRequest :exec
-- "Get / Create / List Pull Request(s) for Repo"
INSERT INTO pull_requests (owner, repo_name, pr_number, author, title, body)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: ListPullRequestsForRepo :many
-- "Get / Create / List Pull Request(s) for Repo": the repo and its pull requests, newest first (GSI1)
SELECT r.owner, r.name, r.description, r.star_count, r.fork_count,
       p.pr_number, p.title, p.status, p.author, p.created_at
FROM repos r
JOIN pull_requests p ON p.owner = r.owner AND p.repo_name = r.name
WHERE r.owner = $1 AND r.name = $2
ORDER BY p.pr_number DESC
LIMIT 25;

-- name: ForkRepo :exec
-- "Fork Repo": a fork is a repo that points at its upstream
INSERT INTO repos (owner, name, description, forked_from_owner, forked_from_name)
VALUES ($1, $2, $3, $4, $5);

-- name: GetForksForRepo :many
-- "Get Forks for Repo" (GSI2)
SELECT owner, name, description, created_at FROM repos
WHERE forked_from_owner = $1 AND forked_from_name = $2;

-- ---------------------------------------------------------------- Interactions

-- name: AddCommentToIssue :exec
-- "Add Comment to Issue"
INSERT INTO issue_comments (owner, repo_name, issue_number, comment_id, author, body)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: AddCommentToPullRequest :exec
-- "Add Comment to Pull Request"
INSERT INTO pr_comments (owner, repo_name, pr_number, comment_id, author, body)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: AddReactionToIssue :exec
-- "Add Reaction to Issue / Pull Request / Comment"
INSERT INTO issue_reactions (owner, repo_name, issue_number, username, reaction)
VALUES ($1, $2, $3, $4, $5);

-- name: AddReactionToPullRequest :exec
-- "Add Reaction to Issue / Pull Request / Comment"
INSERT INTO pr_reactions (owner, repo_name, pr_number, username, reaction)
VALUES ($1, $2, $3, $4, $5);

-- name: AddReactionToIssueComment :exec
-- "Add Reaction to Issue / Pull Request / Comment"
INSERT INTO issue_comment_reactions (owner, repo_name, issue_number, comment_id, username, reaction)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: AddReactionToPullRequestComment :exec
-- "Add Reaction to Issue / Pull Request / Comment"
INSERT INTO pr_comment_reactions (owner, repo_name, pr_number, comment_id, username, reaction)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: StarRepo :exec
-- "Star Repo"
INSERT INTO stars (owner, repo_name, username)
VALUES ($1, $2, $3);

-- name: GetStargazersForRepo :many
-- "Get Stargazers for Repo": the repo and its stars, in the repo's item collection
SELECT r.owner, r.name, r.star_count, s.username, s.starred_at
FROM repos r
JOIN stars s ON s.owner = r.owner AND s.repo_name = r.name
WHERE r.owner = $1 AND r.name = $2;

-- ---------------------------------------------------------------- Users and organizations

-- name: CreateUser :exec
-- "Create User"
INSERT INTO accounts (name, account_type, email)
VALUES ($1, 'User', $2);

-- name: CreateOrganization :exec
-- "Create Organization"
INSERT INTO accounts (name, account_type, email)
VALUES ($1, 'Organization', $2);

-- name: GetUser :one
-- User item ACCOUNT#<username>
SELECT * FROM accounts
WHERE name = $1;

-- name: GetOrganization :one
-- Organization item ACCOUNT#<orgname>
SELECT * FROM accounts
WHERE name = $1;

-- name: AddUserToOrganization :exec
-- "Add User to Organization"
INSERT INTO memberships (org_name, username, role)
VALUES ($1, $2, $3);

-- name: GetUsersInOrganization :many
-- "Get Users in Organization": the organization and its memberships
SELECT a.name, a.payment_plan, m.username, m.role
FROM accounts a
JOIN memberships m ON m.org_name = a.name
WHERE a.name = $1;

-- name: GetOrganizationsForUser :many
-- "Get Organizations for User"
SELECT org_name, role FROM memberships
WHERE username = $1;

-- ---------------------------------------------------------------- Accounts and repos

-- name: GetReposForUser :many
-- "Get Repos for User": the account and its repos, most recently updated first (GSI3)
SELECT a.name, a.account_type, r.name AS repo_name, r.description, r.updated_at
FROM accounts a
JOIN repos r ON r.owner = a.name
WHERE a.name = $1
ORDER BY r.updated_at DESC;

-- name: GetReposForOrganization :many
-- "Get Repos for Organization" (GSI3)
SELECT a.name, a.account_type, r.name AS repo_name, r.description, r.updated_at
FROM accounts a
JOIN repos r ON r.owner = a.name
WHERE a.name = $1
ORDER BY r.updated_at DESC;
