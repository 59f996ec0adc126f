-- Every user schema, so that a scope naming one that does not exist is said, with the ones that
-- do; and the user yearend connects as, who owns the partitions it creates.
SELECT nspname AS name, current_user AS connected_as FROM pg_namespace
WHERE left(nspname, 3) <> 'pg_' AND nspname <> 'information_schema'
ORDER BY 1
