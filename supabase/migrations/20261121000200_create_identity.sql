-- =============================================================================
-- Staff identity tables of better-auth (lib/auth/auth.ts), in their own `identity` schema.
-- The SQL is what better-auth 1.7's getMigrations() compiles for our options (uuid ids,
-- database rate-limit storage), kept here so `supabase db push` creates them too.
-- No API role gets any privilege on this schema: password hashes and session tokens are only
-- reached by the app's server code, connected as the owner. RLS is on as a second lock.
-- =============================================================================

create schema if not exists identity;
revoke all on schema identity from public;

create table identity."user" (
  "id" uuid default pg_catalog.gen_random_uuid() not null primary key,
  "name" text not null,
  "email" text not null unique,
  "emailVerified" boolean not null,
  "image" text,
  "createdAt" timestamptz default current_timestamp not null,
  "updatedAt" timestamptz default current_timestamp not null
);

create table identity."session" (
  "id" uuid default pg_catalog.gen_random_uuid() not null primary key,
  "expiresAt" timestamptz not null,
  "token" text not null unique,
  "createdAt" timestamptz default current_timestamp not null,
  "updatedAt" timestamptz not null,
  "ipAddress" text,
  "userAgent" text,
  "userId" uuid not null references identity."user" ("id") on delete cascade
);

create table identity."account" (
  "id" uuid default pg_catalog.gen_random_uuid() not null primary key,
  "accountId" text not null,
  "providerId" text not null,
  "userId" uuid not null references identity."user" ("id") on delete cascade,
  "accessToken" text,
  "refreshToken" text,
  "idToken" text,
  "accessTokenExpiresAt" timestamptz,
  "refreshTokenExpiresAt" timestamptz,
  "scope" text,
  "password" text,
  "createdAt" timestamptz default current_timestamp not null,
  "updatedAt" timestamptz not null
);

create table identity."verification" (
  "id" uuid default pg_catalog.gen_random_uuid() not null primary key,
  "identifier" text not null,
  "value" text not null,
  "expiresAt" timestamptz not null,
  "createdAt" timestamptz default current_timestamp not null,
  "updatedAt" timestamptz default current_timestamp not null
);

create table identity."rateLimit" (
  "id" uuid default pg_catalog.gen_random_uuid() not null primary key,
  "key" text not null unique,
  "count" integer not null,
  "lastRequest" bigint not null
);

create index "session_userId_idx" on identity."session" ("userId");
create index "account_userId_idx" on identity."account" ("userId");
create index "verification_identifier_idx" on identity."verification" ("identifier");

alter table identity."user" enable row level security;
alter table identity."session" enable row level security;
alter table identity."account" enable row level security;
alter table identity."verification" enable row level security;
alter table identity."rateLimit" enable row level security;
