-- The schema holds, beside EI_BILL, what DROP TABLE and DROP INDEX left in the recycle bin: an
-- older copy of the bill table and a dropped local index of EI_BILL, both under BIN$ names.
-- Oracle Database Administrator's Guide, "Using Flashback Drop and Managing the Recycle Bin":
-- a dropped table and its dependent objects are renamed BIN$unique_id$version and stay in
-- DBA_TABLES / DBA_INDEXES (DROPPED = 'YES') with their segments until purged. They are not the
-- hospital's tables: no statement may name them (ALTER TABLE on a BIN$ object fails with
-- ORA-38301, "cannot perform DDL on object in recycle bin").
-- Only EI_BILL, monthly through P202710, gets November and December.
-- SQL Language Reference 19c, ALTER TABLE, add_table_partition → add_range_partition_clause:
--   ADD PARTITION partition range_values_clause [table_partition_description], TABLESPACE in
--   the table_partition_description.
ALTER TABLE "EINV"."EI_BILL" ADD PARTITION "P202711" VALUES LESS THAN (TO_DATE(' 2027-12-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027"
ALTER TABLE "EINV"."EI_BILL" ADD PARTITION "P202712" VALUES LESS THAN (TO_DATE(' 2028-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027"
