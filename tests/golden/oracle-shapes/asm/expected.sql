-- Oracle Database SQL Language Reference 19c, CREATE TABLESPACE: permanent_tablespace_clause with
-- file_specification (datafile_tempfile_spec: 'filename' SIZE size_clause), autoextend_clause
-- (AUTOEXTEND ON NEXT size_clause MAXSIZE size_clause | UNLIMITED), BLOCKSIZE, extent_management_clause
-- (EXTENT MANAGEMENT LOCAL AUTOALLOCATE | UNIFORM SIZE size_clause) and segment_management_clause
-- (SEGMENT SPACE MANAGEMENT AUTO | MANUAL).
-- ASM: file_specification names only the disk group ('+DATA'); Oracle names the file. A bigfile
-- tablespace at its block limit is MAXSIZE UNLIMITED; AUTOALLOCATE and ASSM copied.
CREATE BIGFILE TABLESPACE "EINV_DATA_2027" DATAFILE '+DATA' SIZE 51200M AUTOEXTEND ON NEXT 1024M MAXSIZE UNLIMITED BLOCKSIZE 8K EXTENT MANAGEMENT LOCAL AUTOALLOCATE SEGMENT SPACE MANAGEMENT AUTO
