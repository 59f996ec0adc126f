-- Tables of the schemas that are not partitioned, so they are listed and never skipped silently
-- (one round trip).
SELECT t.OWNER AS schema_name, t.TABLE_NAME AS table_name
FROM DBA_TABLES t
WHERE t.OWNER IN ({{ schemas }}) AND t.PARTITIONED = 'NO' AND t.TEMPORARY = 'N' AND t.DROPPED = 'NO'
ORDER BY t.OWNER, t.TABLE_NAME
