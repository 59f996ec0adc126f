-- Every partition of the schemas' tables in position order; HIGH_VALUE is a LONG holding SQL text
-- (one round trip). The segment attributes (11g columns; NONE / NULL on a composite partition,
-- whose subpartitions hold them) are compared with the siblings' and carried to new partitions.
-- COMPRESSION is quoted: the independent grammar reads the bare word as the keyword.
SELECT p.TABLE_OWNER AS schema_name, p.TABLE_NAME AS table_name, p.PARTITION_NAME AS partition_name,
       p.PARTITION_POSITION AS position, p.TABLESPACE_NAME AS tablespace_name,
       p.SUBPARTITION_COUNT AS subpartition_count, p.HIGH_VALUE AS high_value,
       p.PCT_FREE AS pct_free, p.INI_TRANS AS ini_trans, p.LOGGING AS logging_state,
       p."COMPRESSION" AS compression_state, p.COMPRESS_FOR AS compress_for, p.BUFFER_POOL AS buffer_pool
FROM DBA_TAB_PARTITIONS p
WHERE p.TABLE_OWNER IN ({{ schemas }}) AND p.TABLE_NAME NOT LIKE 'BIN$%'
ORDER BY p.TABLE_OWNER, p.TABLE_NAME, p.PARTITION_POSITION
