-- Subpartitions of the schemas' composite tables, with their values (HIGH_VALUE: the list
-- values, DEFAULT, or empty for hash) and tablespaces, and whether the table has a subpartition
-- template (one round trip). Without a template a new partition gets the subpartitions its
-- ADD/SPLIT statement names — else a single DEFAULT one — so yearend names them like the newest
-- partition's.
SELECT s.TABLE_OWNER AS schema_name, s.TABLE_NAME AS table_name, s.PARTITION_NAME AS partition_name,
       s.SUBPARTITION_NAME AS name, s.SUBPARTITION_POSITION AS position, s.HIGH_VALUE AS high_value,
       s.TABLESPACE_NAME AS tablespace_name,
       (SELECT COUNT(*) FROM DBA_SUBPARTITION_TEMPLATES t
        WHERE t.USER_NAME = s.TABLE_OWNER AND t.TABLE_NAME = s.TABLE_NAME) AS template_count
FROM DBA_TAB_SUBPARTITIONS s
WHERE s.TABLE_OWNER IN ({{ schemas }}) AND s.TABLE_NAME NOT LIKE 'BIN$%'
