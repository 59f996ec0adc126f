-- Plain tables in the schemas (not partitioned, not partitions): listed, never skipped silently.
SELECT n.nspname AS schema_name, c.relname AS table_name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN ({{ schemas }}) AND c.relkind = 'r' AND NOT c.relispartition
ORDER BY 1, 2
