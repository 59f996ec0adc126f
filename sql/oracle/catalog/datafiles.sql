-- Every datafile with the settings a new file copies (one round trip). INCREMENT_BY is in blocks;
-- CREATE_BYTES is the size the file was created with, before it autoextended.
SELECT f.TABLESPACE_NAME AS tablespace_name, f.FILE_NAME AS path, f.BYTES AS bytes,
       f.AUTOEXTENSIBLE AS autoextensible, f.INCREMENT_BY * t.BLOCK_SIZE AS increment_bytes,
       f.MAXBYTES AS max_bytes, v.CREATE_BYTES AS create_bytes
FROM DBA_DATA_FILES f
JOIN DBA_TABLESPACES t ON t.TABLESPACE_NAME = f.TABLESPACE_NAME
LEFT JOIN V$DATAFILE v ON v.FILE# = f.FILE_ID
ORDER BY f.TABLESPACE_NAME, f.FILE_ID
