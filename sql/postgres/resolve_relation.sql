-- The schema an unqualified relation name resolves to in this session, exactly as a query would
-- resolve it (search path, pg_catalog first): no row or NULL when it resolves to nothing.
SELECT n.nspname AS schema
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = pg_catalog.to_regclass(pg_catalog.quote_ident($1))
