-- copy_stats: true. Each new partition gets the optimizer statistics of the newest existing one
-- (P202710), right after it is created, so the first morning's query plans do not flip.
-- PL/SQL Packages and Types Reference 19c, DBMS_STATS.COPY_TABLE_STATS:
--   COPY_TABLE_STATS(ownname, tabname, srcpartname, dstpartname, scale_factor DEFAULT 1,
--   flags DEFAULT NULL, force DEFAULT FALSE) — "copies the statistics of the source
--   [sub]partition to the destination [sub]partition", adjusting the partition-bound column
--   statistics to the destination's bounds. Named notation, one anonymous block per call
--   (PL/SQL Language Reference, "Block": BEGIN statement… END;).
-- ADD PARTITION as in hash/expected.sql (add_range_partition_clause).
ALTER TABLE "EINV"."EI_BILL" ADD PARTITION "P202711" VALUES LESS THAN (TO_DATE(' 2027-12-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027"
BEGIN DBMS_STATS.COPY_TABLE_STATS(ownname => 'EINV', tabname => 'EI_BILL', srcpartname => 'P202710', dstpartname => 'P202711'); END;
ALTER TABLE "EINV"."EI_BILL" ADD PARTITION "P202712" VALUES LESS THAN (TO_DATE(' 2028-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027"
BEGIN DBMS_STATS.COPY_TABLE_STATS(ownname => 'EINV', tabname => 'EI_BILL', srcpartname => 'P202710', dstpartname => 'P202712'); END;
