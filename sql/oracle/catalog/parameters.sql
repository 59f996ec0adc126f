-- Server settings the tablespace step checks, the datafile count against db_files, and the
-- Data Guard standby destinations this primary ships redo to (one round trip).
SELECT p.NAME AS name, p.VALUE AS value
FROM V$PARAMETER p
WHERE p.NAME IN ('db_files', 'db_create_file_dest', 'compatible', 'db_block_size',
                 'standby_file_management', 'db_file_name_convert', 'encrypt_new_tablespaces')
UNION ALL
SELECT 'datafile_count', TO_CHAR(COUNT(*)) FROM V$DATAFILE
UNION ALL
SELECT 'version', VERSION FROM V$INSTANCE
UNION ALL
SELECT 'standby_destinations', TO_CHAR(COUNT(*)) FROM V$ARCHIVE_DEST
WHERE TARGET = 'STANDBY' AND STATUS NOT IN ('INACTIVE', 'DISABLED')
