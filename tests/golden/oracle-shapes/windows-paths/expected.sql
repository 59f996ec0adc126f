-- Oracle Database SQL Language Reference 19c, CREATE TABLESPACE: permanent_tablespace_clause with
-- file_specification (datafile_tempfile_spec: 'filename' SIZE size_clause), autoextend_clause
-- (AUTOEXTEND ON NEXT size_clause MAXSIZE size_clause | UNLIMITED), BLOCKSIZE, extent_management_clause
-- (EXTENT MANAGEMENT LOCAL AUTOALLOCATE | UNIFORM SIZE size_clause) and segment_management_clause
-- (SEGMENT SPACE MANAGEMENT AUTO | MANUAL).
-- A Windows server: the file names keep their backslashes and upper case (a string literal takes
-- them as they are); this year's 1M UNIFORM extents and ASSM are copied.
CREATE SMALLFILE TABLESPACE "EINV_DATA_2027" DATAFILE 'D:\ORADATA\ORCL\EINV_DATA_2027_01.DBF' SIZE 4096M AUTOEXTEND ON NEXT 100M MAXSIZE 32767M, 'D:\ORADATA\ORCL\EINV_DATA_2027_02.DBF' SIZE 2048M AUTOEXTEND ON NEXT 100M MAXSIZE 32767M BLOCKSIZE 8K EXTENT MANAGEMENT LOCAL UNIFORM SIZE 1M SEGMENT SPACE MANAGEMENT AUTO
