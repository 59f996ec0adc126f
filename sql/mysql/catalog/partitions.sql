-- Every table in the schemas with its partitions (a row with no partition name for a plain
-- table), in one round trip. The IN list has one placeholder per schema. A partition's COMMENT is
-- compared with its siblings' and carried to new partitions (MAX_ROWS / MIN_ROWS per partition are
-- only in SHOW CREATE TABLE, one round trip per table: not read).
SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS table_name, PARTITION_NAME AS partition_name,
       PARTITION_ORDINAL_POSITION AS position, PARTITION_METHOD AS method,
       PARTITION_EXPRESSION AS expression, PARTITION_DESCRIPTION AS description,
       SUBPARTITION_NAME AS subpartition_name, TABLESPACE_NAME AS tablespace_name,
       PARTITION_COMMENT AS partition_comment
FROM information_schema.PARTITIONS
WHERE TABLE_SCHEMA IN ({{ schemas }})
ORDER BY TABLE_SCHEMA, TABLE_NAME, PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION
