-- Every tablespace (one round trip): next year's are derived from this year's, and copy its
-- extent management (LOCAL UNIFORM size / AUTOALLOCATE), segment space management and whether it
-- is TDE-encrypted. NEXT_EXTENT is the uniform extent size of a UNIFORM tablespace.
SELECT t.TABLESPACE_NAME AS name, t.BIGFILE AS bigfile, t.BLOCK_SIZE AS block_size, t.STATUS AS status,
       t.EXTENT_MANAGEMENT AS extent_management, t.ALLOCATION_TYPE AS allocation_type,
       t.NEXT_EXTENT AS uniform_bytes, t.SEGMENT_SPACE_MANAGEMENT AS segment_space,
       t.ENCRYPTED AS encrypted
FROM DBA_TABLESPACES t
ORDER BY t.TABLESPACE_NAME
