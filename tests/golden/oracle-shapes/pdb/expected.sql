-- Oracle Database SQL Language Reference 19c, CREATE TABLESPACE: permanent_tablespace_clause with
-- file_specification (datafile_tempfile_spec: 'filename' SIZE size_clause), autoextend_clause
-- (AUTOEXTEND ON NEXT size_clause MAXSIZE size_clause | UNLIMITED), BLOCKSIZE, extent_management_clause
-- (EXTENT MANAGEMENT LOCAL AUTOALLOCATE | UNIFORM SIZE size_clause) and segment_management_clause
-- (SEGMENT SPACE MANAGEMENT AUTO | MANUAL).
-- In a PDB the tablespace is created as anywhere else; only the DB_FILES headroom cannot be
-- judged from inside it (V$DATAFILE lists the PDB's files, the limit is the CDB's).
CREATE SMALLFILE TABLESPACE "EINV_DATA_2027" DATAFILE '/u01/app/oracle/oradata/ORCL/EINVPDB/einv_data_2027_01.dbf' SIZE 4096M AUTOEXTEND ON NEXT 100M MAXSIZE 32767M BLOCKSIZE 8K
