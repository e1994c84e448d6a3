SET standard_conforming_strings = on;
CREATE TABLE public.accounts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    "Display Name" text NOT NULL,
    balance numeric(12,2) DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE ONLY public.accounts
    ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);

CREATE FUNCTION public.touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := now(); -- a ; inside a body
    RETURN NEW;
END;
$$;

CREATE FUNCTION public.tagged() RETURNS text LANGUAGE sql AS $body$ SELECT 'a $$ b'; $body$;

DO $$ BEGIN RAISE NOTICE 'hi'; END $$;

CREATE TRIGGER accounts_touch BEFORE UPDATE ON public.accounts FOR EACH ROW EXECUTE FUNCTION public.touch();

COPY public.accounts (id, "Display Name", balance, updated_at) FROM stdin;
0b6c2a3e-0000-4000-8000-000000000001	Alice	10.00	2024-01-01 00:00:00+00
\.

-- name: GetAccount :one
SELECT id, "Display Name", balance FROM public.accounts WHERE id = $1::uuid;
