--
-- PostgreSQL database dump
--

\restrict evfq2tko6AYRHeqQt8o30DVTGrzFxrLBy41eikRQBKSR9Q2Rn8sgPdIJBQ3bGm0

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: analytics; Type: SCHEMA; Schema: -; Owner: app
--

CREATE SCHEMA analytics;


ALTER SCHEMA analytics OWNER TO app;

--
-- Name: citext; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;


--
-- Name: EXTENSION citext; Type: COMMENT; Schema: -; Owner: 
--

COMMENT ON EXTENSION citext IS 'data type for case-insensitive character strings';


--
-- Name: pg_trgm; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;


--
-- Name: EXTENSION pg_trgm; Type: COMMENT; Schema: -; Owner: 
--

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';


--
-- Name: pgcrypto; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;


--
-- Name: EXTENSION pgcrypto; Type: COMMENT; Schema: -; Owner: 
--

COMMENT ON EXTENSION pgcrypto IS 'cryptographic functions';


--
-- Name: vector; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;


--
-- Name: EXTENSION vector; Type: COMMENT; Schema: -; Owner: 
--

COMMENT ON EXTENSION vector IS 'vector data type and ivfflat and hnsw access methods';


--
-- Name: email; Type: DOMAIN; Schema: public; Owner: app
--

CREATE DOMAIN public.email AS text
	CONSTRAINT email_check CHECK ((VALUE ~* '^.+@.+$'::text));


ALTER DOMAIN public.email OWNER TO app;

--
-- Name: order_status; Type: TYPE; Schema: public; Owner: app
--

CREATE TYPE public.order_status AS ENUM (
    'pending',
    'paid',
    'shipped',
    'delivered',
    'cancelled',
    'refunded'
);


ALTER TYPE public.order_status OWNER TO app;

--
-- Name: payment_method; Type: TYPE; Schema: public; Owner: app
--

CREATE TYPE public.payment_method AS ENUM (
    'card',
    'paypal',
    'bank_transfer',
    'gift_card'
);


ALTER TYPE public.payment_method OWNER TO app;

--
-- Name: products_search_vector_update(); Type: FUNCTION; Schema: public; Owner: app
--

CREATE FUNCTION public.products_search_vector_update() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.description, '')), 'B');
    RETURN NEW;
END;
$$;


ALTER FUNCTION public.products_search_vector_update() OWNER TO app;

--
-- Name: set_updated_at(); Type: FUNCTION; Schema: public; Owner: app
--

CREATE FUNCTION public.set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;


ALTER FUNCTION public.set_updated_at() OWNER TO app;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: reviews; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.reviews (
    id bigint NOT NULL,
    product_id uuid NOT NULL,
    customer_id integer NOT NULL,
    rating smallint NOT NULL,
    body text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT reviews_rating_check CHECK (((rating >= 1) AND (rating <= 5)))
);


ALTER TABLE public.reviews OWNER TO app;

--
-- Name: product_rating_summary; Type: MATERIALIZED VIEW; Schema: analytics; Owner: app
--

CREATE MATERIALIZED VIEW analytics.product_rating_summary AS
 SELECT reviews.product_id,
    count(*) AS review_count,
    (avg(reviews.rating))::numeric(3,2) AS avg_rating
   FROM public.reviews
  GROUP BY reviews.product_id
  WITH NO DATA;


ALTER TABLE analytics.product_rating_summary OWNER TO app;

--
-- Name: addresses; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.addresses (
    id integer NOT NULL,
    customer_id integer NOT NULL,
    line1 character varying(255) NOT NULL,
    line2 character varying(255),
    city character varying(100) NOT NULL,
    postal_code character varying(20) NOT NULL,
    country_code character(2) NOT NULL,
    is_default boolean DEFAULT false NOT NULL
);


ALTER TABLE public.addresses OWNER TO app;

--
-- Name: addresses_id_seq; Type: SEQUENCE; Schema: public; Owner: app
--

CREATE SEQUENCE public.addresses_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.addresses_id_seq OWNER TO app;

--
-- Name: addresses_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: app
--

ALTER SEQUENCE public.addresses_id_seq OWNED BY public.addresses.id;


--
-- Name: categories; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.categories (
    id integer NOT NULL,
    parent_id integer,
    slug character varying(100) NOT NULL,
    name character varying(255) NOT NULL
);


ALTER TABLE public.categories OWNER TO app;

--
-- Name: categories_id_seq; Type: SEQUENCE; Schema: public; Owner: app
--

ALTER TABLE public.categories ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.categories_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: customers; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.customers (
    id integer NOT NULL,
    email character varying(255) NOT NULL,
    full_name character varying(255) NOT NULL,
    phone character varying(32),
    is_verified boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE public.customers OWNER TO app;

--
-- Name: TABLE customers; Type: COMMENT; Schema: public; Owner: app
--

COMMENT ON TABLE public.customers IS 'People who can log in and place orders.';


--
-- Name: COLUMN customers.email; Type: COMMENT; Schema: public; Owner: app
--

COMMENT ON COLUMN public.customers.email IS 'Login name; compared case-insensitively.';


--
-- Name: customers_id_seq; Type: SEQUENCE; Schema: public; Owner: app
--

CREATE SEQUENCE public.customers_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.customers_id_seq OWNER TO app;

--
-- Name: customers_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: app
--

ALTER SEQUENCE public.customers_id_seq OWNED BY public.customers.id;


--
-- Name: events; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.events (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    customer_id integer,
    kind text NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
)
PARTITION BY RANGE (created_at);


ALTER TABLE public.events OWNER TO app;

--
-- Name: TABLE events; Type: COMMENT; Schema: public; Owner: app
--

COMMENT ON TABLE public.events IS 'Clickstream, partitioned by year; old partitions are detached and archived.';


--
-- Name: events_2024; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.events_2024 (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    customer_id integer,
    kind text NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE public.events_2024 OWNER TO app;

--
-- Name: events_2025; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.events_2025 (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    customer_id integer,
    kind text NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE public.events_2025 OWNER TO app;

--
-- Name: order_lines; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.order_lines (
    order_id bigint NOT NULL,
    line_no smallint NOT NULL,
    product_id uuid NOT NULL,
    quantity integer NOT NULL,
    unit_price numeric(10,2) NOT NULL,
    CONSTRAINT order_lines_quantity_check CHECK ((quantity > 0))
);


ALTER TABLE public.order_lines OWNER TO app;

--
-- Name: orders; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.orders (
    id bigint NOT NULL,
    customer_id integer NOT NULL,
    shipping_address_id integer,
    status public.order_status DEFAULT 'pending'::public.order_status NOT NULL,
    total numeric(10,2) DEFAULT 0 NOT NULL,
    placed_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE public.orders OWNER TO app;

--
-- Name: order_totals; Type: VIEW; Schema: public; Owner: app
--

CREATE VIEW public.order_totals AS
 SELECT o.id AS order_id,
    o.customer_id,
    count(l.*) AS line_count,
    sum(((l.quantity)::numeric * l.unit_price)) AS computed_total
   FROM (public.orders o
     LEFT JOIN public.order_lines l ON ((l.order_id = o.id)))
  GROUP BY o.id, o.customer_id;


ALTER TABLE public.order_totals OWNER TO app;

--
-- Name: orders_id_seq; Type: SEQUENCE; Schema: public; Owner: app
--

CREATE SEQUENCE public.orders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.orders_id_seq OWNER TO app;

--
-- Name: orders_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: app
--

ALTER SEQUENCE public.orders_id_seq OWNED BY public.orders.id;


--
-- Name: payments; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.payments (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    order_id bigint NOT NULL,
    method public.payment_method NOT NULL,
    amount numeric(10,2) NOT NULL,
    receipt_email public.email,
    provider_ref character varying(255),
    captured_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE public.payments OWNER TO app;

--
-- Name: product_categories; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.product_categories (
    product_id uuid NOT NULL,
    category_id integer NOT NULL,
    "position" integer DEFAULT 0 NOT NULL
);


ALTER TABLE public.product_categories OWNER TO app;

--
-- Name: products; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.products (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    sku character varying(64) NOT NULL,
    name character varying(255) NOT NULL,
    description text,
    price numeric(10,2) NOT NULL,
    attributes jsonb DEFAULT '{}'::jsonb NOT NULL,
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    search_vector tsvector,
    embedding public.vector(1536),
    is_active boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT products_price_check CHECK ((price >= (0)::numeric))
);


ALTER TABLE public.products OWNER TO app;

--
-- Name: COLUMN products.attributes; Type: COMMENT; Schema: public; Owner: app
--

COMMENT ON COLUMN public.products.attributes IS 'Free-form attributes: size, colour, material.';


--
-- Name: COLUMN products.embedding; Type: COMMENT; Schema: public; Owner: app
--

COMMENT ON COLUMN public.products.embedding IS 'text-embedding-3-small vector of name + description, refreshed by the indexer job';


--
-- Name: reviews_id_seq; Type: SEQUENCE; Schema: public; Owner: app
--

ALTER TABLE public.reviews ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.reviews_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: events_2024; Type: TABLE ATTACH; Schema: public; Owner: app
--

ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2024 FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');


--
-- Name: events_2025; Type: TABLE ATTACH; Schema: public; Owner: app
--

ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2025 FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2026-01-01 00:00:00+00');


--
-- Name: addresses id; Type: DEFAULT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.addresses ALTER COLUMN id SET DEFAULT nextval('public.addresses_id_seq'::regclass);


--
-- Name: customers id; Type: DEFAULT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.customers ALTER COLUMN id SET DEFAULT nextval('public.customers_id_seq'::regclass);


--
-- Name: orders id; Type: DEFAULT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.orders ALTER COLUMN id SET DEFAULT nextval('public.orders_id_seq'::regclass);


--
-- Name: addresses addresses_pkey; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.addresses
    ADD CONSTRAINT addresses_pkey PRIMARY KEY (id);


--
-- Name: categories categories_pkey; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.categories
    ADD CONSTRAINT categories_pkey PRIMARY KEY (id);


--
-- Name: categories categories_slug_key; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.categories
    ADD CONSTRAINT categories_slug_key UNIQUE (slug);


--
-- Name: customers customers_email_key; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_email_key UNIQUE (email);


--
-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id, created_at);


--
-- Name: events_2024 events_2024_pkey; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.events_2024
    ADD CONSTRAINT events_2024_pkey PRIMARY KEY (id, created_at);


--
-- Name: events_2025 events_2025_pkey; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.events_2025
    ADD CONSTRAINT events_2025_pkey PRIMARY KEY (id, created_at);


--
-- Name: order_lines order_lines_pkey; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.order_lines
    ADD CONSTRAINT order_lines_pkey PRIMARY KEY (order_id, line_no);


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);


--
-- Name: payments payments_pkey; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_pkey PRIMARY KEY (id);


--
-- Name: payments payments_provider_ref_key; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_provider_ref_key UNIQUE (provider_ref);


--
-- Name: product_categories product_categories_pkey; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.product_categories
    ADD CONSTRAINT product_categories_pkey PRIMARY KEY (product_id, category_id);


--
-- Name: products products_pkey; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_pkey PRIMARY KEY (id);


--
-- Name: products products_sku_key; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_sku_key UNIQUE (sku);


--
-- Name: reviews reviews_pkey; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_pkey PRIMARY KEY (id);


--
-- Name: reviews reviews_product_id_customer_id_key; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_product_id_customer_id_key UNIQUE (product_id, customer_id);


--
-- Name: addresses_customer_id_idx; Type: INDEX; Schema: public; Owner: app
--

CREATE INDEX addresses_customer_id_idx ON public.addresses USING btree (customer_id);


--
-- Name: customers_lower_email_idx; Type: INDEX; Schema: public; Owner: app
--

CREATE UNIQUE INDEX customers_lower_email_idx ON public.customers USING btree (lower((email)::text));


--
-- Name: events_customer_id_created_at_idx; Type: INDEX; Schema: public; Owner: app
--

CREATE INDEX events_customer_id_created_at_idx ON ONLY public.events USING btree (customer_id, created_at);


--
-- Name: events_2024_customer_id_created_at_idx; Type: INDEX; Schema: public; Owner: app
--

CREATE INDEX events_2024_customer_id_created_at_idx ON public.events_2024 USING btree (customer_id, created_at);


--
-- Name: events_2025_customer_id_created_at_idx; Type: INDEX; Schema: public; Owner: app
--

CREATE INDEX events_2025_customer_id_created_at_idx ON public.events_2025 USING btree (customer_id, created_at);


--
-- Name: orders_customer_id_placed_at_idx; Type: INDEX; Schema: public; Owner: app
--

CREATE INDEX orders_customer_id_placed_at_idx ON public.orders USING btree (customer_id, placed_at DESC);


--
-- Name: orders_open_idx; Type: INDEX; Schema: public; Owner: app
--

CREATE INDEX orders_open_idx ON public.orders USING btree (placed_at) WHERE (status = ANY (ARRAY['pending'::public.order_status, 'paid'::public.order_status]));


--
-- Name: product_categories_category_id_idx; Type: INDEX; Schema: public; Owner: app
--

CREATE INDEX product_categories_category_id_idx ON public.product_categories USING btree (category_id);


--
-- Name: products_embedding_idx; Type: INDEX; Schema: public; Owner: app
--

CREATE INDEX products_embedding_idx ON public.products USING hnsw (embedding public.vector_cosine_ops) WITH (m='16', ef_construction='64');


--
-- Name: products_name_trgm_idx; Type: INDEX; Schema: public; Owner: app
--

CREATE INDEX products_name_trgm_idx ON public.products USING gin (name public.gin_trgm_ops);


--
-- Name: products_search_vector_idx; Type: INDEX; Schema: public; Owner: app
--

CREATE INDEX products_search_vector_idx ON public.products USING gin (search_vector);


--
-- Name: products_tags_idx; Type: INDEX; Schema: public; Owner: app
--

CREATE INDEX products_tags_idx ON public.products USING gin (tags);


--
-- Name: events_2024_customer_id_created_at_idx; Type: INDEX ATTACH; Schema: public; Owner: app
--

ALTER INDEX public.events_customer_id_created_at_idx ATTACH PARTITION public.events_2024_customer_id_created_at_idx;


--
-- Name: events_2024_pkey; Type: INDEX ATTACH; Schema: public; Owner: app
--

ALTER INDEX public.events_pkey ATTACH PARTITION public.events_2024_pkey;


--
-- Name: events_2025_customer_id_created_at_idx; Type: INDEX ATTACH; Schema: public; Owner: app
--

ALTER INDEX public.events_customer_id_created_at_idx ATTACH PARTITION public.events_2025_customer_id_created_at_idx;


--
-- Name: events_2025_pkey; Type: INDEX ATTACH; Schema: public; Owner: app
--

ALTER INDEX public.events_pkey ATTACH PARTITION public.events_2025_pkey;


--
-- Name: customers customers_set_updated_at; Type: TRIGGER; Schema: public; Owner: app
--

CREATE TRIGGER customers_set_updated_at BEFORE UPDATE ON public.customers FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: orders orders_set_updated_at; Type: TRIGGER; Schema: public; Owner: app
--

CREATE TRIGGER orders_set_updated_at BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: products products_search_vector_trg; Type: TRIGGER; Schema: public; Owner: app
--

CREATE TRIGGER products_search_vector_trg BEFORE INSERT OR UPDATE OF name, description ON public.products FOR EACH ROW EXECUTE FUNCTION public.products_search_vector_update();


--
-- Name: products products_set_updated_at; Type: TRIGGER; Schema: public; Owner: app
--

CREATE TRIGGER products_set_updated_at BEFORE UPDATE ON public.products FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: addresses addresses_customer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.addresses
    ADD CONSTRAINT addresses_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE;


--
-- Name: categories categories_parent_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.categories
    ADD CONSTRAINT categories_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.categories(id);


--
-- Name: events events_customer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE public.events
    ADD CONSTRAINT events_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE SET NULL;


--
-- Name: order_lines order_lines_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.order_lines
    ADD CONSTRAINT order_lines_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE CASCADE;


--
-- Name: order_lines order_lines_product_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.order_lines
    ADD CONSTRAINT order_lines_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products(id);


--
-- Name: orders orders_customer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id);


--
-- Name: orders orders_shipping_address_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_shipping_address_id_fkey FOREIGN KEY (shipping_address_id) REFERENCES public.addresses(id) ON DELETE SET NULL;


--
-- Name: payments payments_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE CASCADE;


--
-- Name: product_categories product_categories_category_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.product_categories
    ADD CONSTRAINT product_categories_category_id_fkey FOREIGN KEY (category_id) REFERENCES public.categories(id) ON DELETE CASCADE;


--
-- Name: product_categories product_categories_product_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.product_categories
    ADD CONSTRAINT product_categories_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products(id) ON DELETE CASCADE;


--
-- Name: reviews reviews_customer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE;


--
-- Name: reviews reviews_product_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products(id) ON DELETE CASCADE;


--
-- Name: SCHEMA analytics; Type: ACL; Schema: -; Owner: app
--

GRANT USAGE ON SCHEMA analytics TO reporting;


--
-- Name: FUNCTION set_updated_at(); Type: ACL; Schema: public; Owner: app
--

REVOKE ALL ON FUNCTION public.set_updated_at() FROM PUBLIC;


--
-- Name: TABLE product_rating_summary; Type: ACL; Schema: analytics; Owner: app
--

GRANT SELECT ON TABLE analytics.product_rating_summary TO reporting;


--
-- Name: TABLE order_lines; Type: ACL; Schema: public; Owner: app
--

GRANT SELECT ON TABLE public.order_lines TO reporting;


--
-- Name: TABLE orders; Type: ACL; Schema: public; Owner: app
--

GRANT SELECT ON TABLE public.orders TO reporting;


--
-- Name: TABLE order_totals; Type: ACL; Schema: public; Owner: app
--

GRANT SELECT ON TABLE public.order_totals TO reporting;


--
-- Name: TABLE payments; Type: ACL; Schema: public; Owner: app
--

REVOKE ALL ON TABLE public.payments FROM app;
GRANT SELECT,INSERT,REFERENCES,TRIGGER,TRUNCATE,UPDATE ON TABLE public.payments TO app;


--
-- Name: TABLE products; Type: ACL; Schema: public; Owner: app
--

GRANT SELECT ON TABLE public.products TO reporting;


--
-- PostgreSQL database dump complete
--

\unrestrict evfq2tko6AYRHeqQt8o30DVTGrzFxrLBy41eikRQBKSR9Q2Rn8sgPdIJBQ3bGm0

