-- Every user schema, so that a scope naming one that does not exist is said, with the ones that do.
SELECT nspname AS name FROM pg_namespace
WHERE left(nspname, 3) <> 'pg_' AND nspname <> 'information_schema'
ORDER BY 1
