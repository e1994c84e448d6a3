SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;
CREATE FUNCTION public.touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.updated_at := now();  -- a semicolon inside the body
  RETURN NEW;
END;
$$;
CREATE TABLE public.widgets (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name character varying(80) NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE public.widgets OWNER TO app;
ALTER TABLE ONLY public.widgets
    ADD CONSTRAINT widgets_pkey PRIMARY KEY (id);
CREATE TRIGGER widgets_touch BEFORE UPDATE ON public.widgets FOR EACH ROW EXECUTE FUNCTION public.touch();
GRANT SELECT ON TABLE public.widgets TO reporting;
