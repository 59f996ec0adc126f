-- Partitioned tables of the schemas with their key's first column and its data type (one round trip).
-- Tables in the recycle bin (BIN$…) are not the hospital's tables: left out. DEF_* are what a
-- partition added without attribute clauses gets.
SELECT p.OWNER AS schema_name, p.TABLE_NAME AS table_name, p.PARTITIONING_TYPE AS strategy,
       p.SUBPARTITIONING_TYPE AS subpartitioning, p.INTERVAL AS interval_text,
       p.DEF_TABLESPACE_NAME AS default_tablespace, p.PARTITIONING_KEY_COUNT AS key_count,
       k.COLUMN_NAME AS key_column, c.DATA_TYPE AS key_type,
       p.DEF_PCT_FREE AS pct_free, p.DEF_INI_TRANS AS ini_trans, p.DEF_LOGGING AS logging_state,
       p.DEF_COMPRESSION AS compression_state, p.DEF_COMPRESS_FOR AS compress_for,
       p.DEF_BUFFER_POOL AS buffer_pool
FROM DBA_PART_TABLES p
LEFT JOIN DBA_PART_KEY_COLUMNS k
  ON k.OWNER = p.OWNER AND k.NAME = p.TABLE_NAME AND k.OBJECT_TYPE = 'TABLE' AND k.COLUMN_POSITION = 1
LEFT JOIN DBA_TAB_COLUMNS c
  ON c.OWNER = p.OWNER AND c.TABLE_NAME = p.TABLE_NAME AND c.COLUMN_NAME = k.COLUMN_NAME
WHERE p.OWNER IN ({{ schemas }}) AND p.TABLE_NAME NOT LIKE 'BIN$%'
ORDER BY p.OWNER, p.TABLE_NAME
