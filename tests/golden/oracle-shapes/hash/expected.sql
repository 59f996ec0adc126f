-- EI_DICT_HASH is hash-partitioned (SYS_P1…SYS_P4): not time-partitioned, reported, never
-- extended and never a failure. EI_BILL, monthly through P202710, gets November and December.
-- SQL Language Reference 19c, ALTER TABLE, add_table_partition → add_range_partition_clause:
--   ADD PARTITION partition range_values_clause [table_partition_description], where
--   range_values_clause is VALUES LESS THAN (literal) and table_partition_description holds
--   TABLESPACE tablespace. Allowed because the highest partition is not MAXVALUE.
ALTER TABLE "EINV"."EI_BILL" ADD PARTITION "P202711" VALUES LESS THAN (TO_DATE(' 2027-12-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027"
ALTER TABLE "EINV"."EI_BILL" ADD PARTITION "P202712" VALUES LESS THAN (TO_DATE(' 2028-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027"
