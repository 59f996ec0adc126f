-- Where pg_partman keeps part_config, if it is installed.
SELECT n.nspname AS schema_name FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'pg_partman'
