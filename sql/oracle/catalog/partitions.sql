-- Every partition of the schemas' tables in position order; HIGH_VALUE is a LONG holding SQL text
-- (one round trip).
SELECT p.TABLE_OWNER AS schema_name, p.TABLE_NAME AS table_name, p.PARTITION_NAME AS partition_name,
       p.PARTITION_POSITION AS position, p.TABLESPACE_NAME AS tablespace_name,
       p.SUBPARTITION_COUNT AS subpartition_count, p.HIGH_VALUE AS high_value
FROM DBA_TAB_PARTITIONS p
WHERE p.TABLE_OWNER IN ({{ schemas }}) AND p.TABLE_NAME NOT LIKE 'BIN$%'
ORDER BY p.TABLE_OWNER, p.TABLE_NAME, p.PARTITION_POSITION
