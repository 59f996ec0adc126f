-- Indexes, index partitions and index subpartitions of the schemas' tables that are UNUSABLE
-- (one round trip): a split without UPDATE INDEXES leaves them so, and the verification says it.
-- The schemas are named once, outside the union: binds are positional.
SELECT u.schema_name, u.table_name, u.index_name, u.part_name
FROM (
    SELECT i.TABLE_OWNER AS schema_name, i.TABLE_NAME AS table_name, i.INDEX_NAME AS index_name,
           CAST(NULL AS VARCHAR2(128)) AS part_name
    FROM DBA_INDEXES i
    WHERE i.STATUS = 'UNUSABLE' AND i.DROPPED = 'NO'
    UNION ALL
    SELECT i.TABLE_OWNER, i.TABLE_NAME, i.INDEX_NAME, ip.PARTITION_NAME
    FROM DBA_IND_PARTITIONS ip
    JOIN DBA_INDEXES i ON i.OWNER = ip.INDEX_OWNER AND i.INDEX_NAME = ip.INDEX_NAME
    WHERE ip.STATUS = 'UNUSABLE' AND i.DROPPED = 'NO'
    UNION ALL
    SELECT i.TABLE_OWNER, i.TABLE_NAME, i.INDEX_NAME, isp.SUBPARTITION_NAME
    FROM DBA_IND_SUBPARTITIONS isp
    JOIN DBA_INDEXES i ON i.OWNER = isp.INDEX_OWNER AND i.INDEX_NAME = isp.INDEX_NAME
    WHERE isp.STATUS = 'UNUSABLE' AND i.DROPPED = 'NO'
) u
WHERE u.schema_name IN ({{ schemas }})
