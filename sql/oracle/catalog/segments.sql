-- Local index partitions and LOB partitions of the schemas' partitioned tables, with where each
-- is stored (one round trip): a new partition puts its own where the newest partition's went.
-- PARTITION_POSITION matches the table partition's, whatever the index partition is named.
-- Composite tables store these per subpartition (TABLESPACE_NAME NULL here): not placed.
SELECT s.schema_name, s.table_name, s.kind, s.owner, s.name, s.position, s.tablespace_name, s.status
FROM (
    SELECT i.TABLE_OWNER AS schema_name, i.TABLE_NAME AS table_name, 'local_index' AS kind,
           ip.INDEX_OWNER AS owner, ip.INDEX_NAME AS name, ip.PARTITION_POSITION AS position,
           ip.TABLESPACE_NAME AS tablespace_name, ip.STATUS AS status
    FROM DBA_IND_PARTITIONS ip
    JOIN DBA_PART_INDEXES pi ON pi.OWNER = ip.INDEX_OWNER AND pi.INDEX_NAME = ip.INDEX_NAME
    JOIN DBA_INDEXES i ON i.OWNER = ip.INDEX_OWNER AND i.INDEX_NAME = ip.INDEX_NAME
    WHERE pi.LOCALITY = 'LOCAL' AND i.DROPPED = 'NO'
    UNION ALL
    SELECT lp.TABLE_OWNER, lp.TABLE_NAME, 'lob', lp.TABLE_OWNER, lp.COLUMN_NAME, lp.PARTITION_POSITION,
           lp.TABLESPACE_NAME, CAST(NULL AS VARCHAR2(8))
    FROM DBA_LOB_PARTITIONS lp
) s
WHERE s.schema_name IN ({{ schemas }}) AND s.tablespace_name IS NOT NULL AND s.table_name NOT LIKE 'BIN$%'
