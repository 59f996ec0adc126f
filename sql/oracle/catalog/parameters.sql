-- Server settings the tablespace step checks, and the datafile count against db_files
-- (one round trip).
SELECT p.NAME AS name, p.VALUE AS value
FROM V$PARAMETER p
WHERE p.NAME IN ('db_files', 'db_create_file_dest', 'compatible', 'db_block_size')
UNION ALL
SELECT 'datafile_count', TO_CHAR(COUNT(*)) FROM V$DATAFILE
UNION ALL
SELECT 'version', VERSION FROM V$INSTANCE
