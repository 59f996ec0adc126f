-- Every tablespace (one round trip): next year's are derived from this year's.
SELECT t.TABLESPACE_NAME AS name, t.BIGFILE AS bigfile, t.BLOCK_SIZE AS block_size, t.STATUS AS status
FROM DBA_TABLESPACES t
ORDER BY t.TABLESPACE_NAME
