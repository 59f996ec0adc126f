-- Oracle Database SQL Language Reference 19c, CREATE TABLESPACE: permanent_tablespace_clause with
-- file_specification (datafile_tempfile_spec: 'filename' SIZE size_clause), autoextend_clause
-- (AUTOEXTEND ON NEXT size_clause MAXSIZE size_clause | UNLIMITED), BLOCKSIZE, extent_management_clause
-- (EXTENT MANAGEMENT LOCAL AUTOALLOCATE | UNIFORM SIZE size_clause) and segment_management_clause
-- (SEGMENT SPACE MANAGEMENT AUTO | MANUAL).
-- Oracle-managed files: with DB_CREATE_FILE_DEST set, DATAFILE takes only the size
-- (file_specification without a file name, "Oracle Managed Files").
CREATE SMALLFILE TABLESPACE "EINV_DATA_2027" DATAFILE SIZE 2048M AUTOEXTEND ON NEXT 64M MAXSIZE 16384M BLOCKSIZE 8K
