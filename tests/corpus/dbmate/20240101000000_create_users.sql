-- migrate:up
create extension if not exists citext;

create table users (
  id uuid primary key default gen_random_uuid(),
  email citext not null,
  name text not null,
  status text not null default 'active' check (status in ('active', 'suspended')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create unique index users_email_idx on users (email);

create table user_identities (
  id bigint generated always as identity primary key,
  user_id uuid not null references users (id) on delete cascade,
  provider text not null,
  subject text not null,
  profile jsonb not null default '{}',
  created_at timestamptz not null default now(),
  unique (provider, subject)
);

create index user_identities_user_id_idx on user_identities (user_id);

-- migrate:down
drop table user_identities;
drop table users;
