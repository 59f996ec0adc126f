-- Composite tables. Without a subpartition template (DBA_SUBPARTITION_TEMPLATES has no row for
-- the table) a partition added without a subpartition list gets one subpartition only (a list
-- table: VALUES (DEFAULT); a hash table: DEF_SUBPARTITION_COUNT) — not what the newest partition
-- has. Each new partition therefore names its subpartitions like the newest one's (P202710).
-- SQL Language Reference 19c, ALTER TABLE, add_range_partition_clause:
--   range_values_clause [table_partition_description]
--   [ ( { range_subpartition_desc [, …] | list_subpartition_desc [, …] | individual_hash_subparts [, …] } )
--     | hash_subparts_by_quantity ];
--   list_subpartition_desc: SUBPARTITION [subpartition] list_values_clause [partitioning_storage_clause],
--     list_values_clause: VALUES ( { literal [, …] | DEFAULT } );
--   individual_hash_subparts: SUBPARTITION [subpartition] [partitioning_storage_clause] — the name is
--     optional: EI_HASHED's subpartitions are system-named (SYS_SUBP…), so Oracle names the new ones.
-- EI_TPL has a subpartition template: Oracle applies it, the ADD names none.
ALTER TABLE "EINV"."EI_HASHED" ADD PARTITION "P202711" VALUES LESS THAN (TO_DATE(' 2027-12-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027" (SUBPARTITION TABLESPACE "EINV_DATA_2027", SUBPARTITION TABLESPACE "EINV_DATA_2027")
ALTER TABLE "EINV"."EI_HASHED" ADD PARTITION "P202712" VALUES LESS THAN (TO_DATE(' 2028-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027" (SUBPARTITION TABLESPACE "EINV_DATA_2027", SUBPARTITION TABLESPACE "EINV_DATA_2027")
ALTER TABLE "EINV"."EI_SETTLE" ADD PARTITION "P202711" VALUES LESS THAN (TO_DATE(' 2027-12-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027" (SUBPARTITION "P202711_WX" VALUES ('WX') TABLESPACE "EINV_DATA_2027", SUBPARTITION "P202711_ZFB" VALUES ('ZFB') TABLESPACE "EINV_DATA_2027", SUBPARTITION "P202711_OTHER" VALUES (DEFAULT) TABLESPACE "EINV_DATA_2027")
ALTER TABLE "EINV"."EI_SETTLE" ADD PARTITION "P202712" VALUES LESS THAN (TO_DATE(' 2028-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027" (SUBPARTITION "P202712_WX" VALUES ('WX') TABLESPACE "EINV_DATA_2027", SUBPARTITION "P202712_ZFB" VALUES ('ZFB') TABLESPACE "EINV_DATA_2027", SUBPARTITION "P202712_OTHER" VALUES (DEFAULT) TABLESPACE "EINV_DATA_2027")
ALTER TABLE "EINV"."EI_TPL" ADD PARTITION "P202711" VALUES LESS THAN (TO_DATE(' 2027-12-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027"
ALTER TABLE "EINV"."EI_TPL" ADD PARTITION "P202712" VALUES LESS THAN (TO_DATE(' 2028-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027"
