-- Indexes, index partitions and index subpartitions of the schemas' tables that are UNUSABLE
-- (one round trip): a split without UPDATE INDEXES leaves them so, and the verification says it.
SELECT i.TABLE_OWNER AS schema_name, i.TABLE_NAME AS table_name, i.INDEX_NAME AS index_name,
       CAST(NULL AS VARCHAR2(128)) AS part_name
FROM DBA_INDEXES i
WHERE i.TABLE_OWNER IN ({{ schemas }}) AND i.STATUS = 'UNUSABLE'
UNION ALL
SELECT i.TABLE_OWNER, i.TABLE_NAME, i.INDEX_NAME, ip.PARTITION_NAME
FROM DBA_IND_PARTITIONS ip
JOIN DBA_INDEXES i ON i.OWNER = ip.INDEX_OWNER AND i.INDEX_NAME = ip.INDEX_NAME
WHERE i.TABLE_OWNER IN ({{ schemas }}) AND ip.STATUS = 'UNUSABLE'
UNION ALL
SELECT i.TABLE_OWNER, i.TABLE_NAME, i.INDEX_NAME, isp.SUBPARTITION_NAME
FROM DBA_IND_SUBPARTITIONS isp
JOIN DBA_INDEXES i ON i.OWNER = isp.INDEX_OWNER AND i.INDEX_NAME = isp.INDEX_NAME
WHERE i.TABLE_OWNER IN ({{ schemas }}) AND isp.STATUS = 'UNUSABLE'
