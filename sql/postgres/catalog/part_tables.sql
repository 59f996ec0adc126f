-- Every partitioned table in the schemas (not the partitions of another), with its key: one row
-- each. Its partitions come from partitions.sql, by the table's oid.
SELECT c.oid AS oid,
       n.nspname AS schema_name,
       c.relname AS table_name,
       CASE pt.partstrat WHEN 'r' THEN 'range' WHEN 'l' THEN 'list' WHEN 'h' THEN 'hash' END AS strategy,
       pt.partnatts AS key_count,
       coalesce(a.attname, '') AS key_column,
       coalesce(format_type(a.atttypid, a.atttypmod), 'expression') AS key_type
FROM pg_partitioned_table pt
JOIN pg_class c ON c.oid = pt.partrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = pt.partattrs[0]
WHERE n.nspname IN ({{ schemas }}) AND NOT c.relispartition
