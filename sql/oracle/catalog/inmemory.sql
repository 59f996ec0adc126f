-- Oracle 12.1.0.2 and later: each partition's In-Memory attributes, and the partitioned table's
-- defaults (partition_name NULL), in one round trip. The columns do not exist before 12.1.0.2:
-- read only from then on.
SELECT s.schema_name, s.table_name, s.partition_name, s.inmemory_state, s.inmemory_priority, s.inmemory_memcompress
FROM (
    SELECT p.TABLE_OWNER AS schema_name, p.TABLE_NAME AS table_name, p.PARTITION_NAME AS partition_name,
           p."INMEMORY" AS inmemory_state, p.INMEMORY_PRIORITY AS inmemory_priority, p.INMEMORY_COMPRESSION AS inmemory_memcompress
    FROM DBA_TAB_PARTITIONS p
    UNION ALL
    SELECT t.OWNER, t.TABLE_NAME, CAST(NULL AS VARCHAR2(128)), t.DEF_INMEMORY, t.DEF_INMEMORY_PRIORITY,
           t.DEF_INMEMORY_COMPRESSION
    FROM DBA_PART_TABLES t
) s
WHERE s.schema_name IN ({{ schemas }}) AND s.table_name NOT LIKE 'BIN$%'
