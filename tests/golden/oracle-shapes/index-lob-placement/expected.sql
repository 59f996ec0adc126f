-- Yearly tables whose local index partitions and LOB partitions each have a tablespace per year
-- (EINV_IDX_2026, EINV_LOB_2026; IX_BILL_PAT lives in USERS, which has no year). The new 2027
-- partition puts each where the 2026 partition's went, in next year's twin when it exists.
--
-- EI_BILL_YEAR (no MAXVALUE): ADD PARTITION creates each local index partition in the index's
-- default tablespace (DBA_PART_INDEXES.DEF_TABLESPACE_NAME), else with the table partition.
-- SQL Language Reference 19c, ALTER INDEX, modify_index_default_attrs:
--   MODIFY DEFAULT ATTRIBUTES [FOR PARTITION partition] {physical_attributes_clause |
--   TABLESPACE {tablespace | DEFAULT} | logging_clause}... — set before the ADD.
-- ALTER TABLE, add_range_partition_clause: ADD PARTITION partition range_values_clause
--   [table_partition_description]; table_partition_description: [segment_attributes_clause] …
--   [LOB_storage_clause], LOB_storage_clause: LOB (LOB_item) STORE AS (LOB_storage_parameters),
--   TABLESPACE being one of the LOB_parameters.
ALTER INDEX "EINV"."IX_BILL_NO" MODIFY DEFAULT ATTRIBUTES TABLESPACE "EINV_IDX_2027"
ALTER INDEX "EINV"."IX_BILL_PAT" MODIFY DEFAULT ATTRIBUTES TABLESPACE "USERS"
ALTER TABLE "EINV"."EI_BILL_YEAR" ADD PARTITION "P2027" VALUES LESS THAN (TO_DATE(' 2028-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027" LOB ("CONTENT") STORE AS (TABLESPACE "EINV_LOB_2027")
--
-- EI_RED_YEAR (MAXVALUE, one local index): split_table_partition: SPLIT PARTITION partition AT
-- (literal) INTO (range_partition_desc, range_partition_desc) [update_index_clauses];
-- update_all_indexes_clause: UPDATE INDEXES [(index (update_index_partition))], where
-- update_index_partition is index_partition_description: PARTITION [partition
-- [segment_attributes_clause]] — both resulting index partitions named, the new one in next
-- year's tablespace, PMAX's where it is.
ALTER TABLE "EINV"."EI_RED_YEAR" SPLIT PARTITION "PMAX" AT (TO_DATE(' 2028-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) INTO (PARTITION "P2027" TABLESPACE "EINV_DATA_2027" LOB ("CONTENT") STORE AS (TABLESPACE "EINV_LOB_2027"), PARTITION "PMAX") UPDATE INDEXES ("EINV"."IX_RED_NO" (PARTITION "P2027" TABLESPACE "EINV_IDX_2027", PARTITION "PMAX" TABLESPACE "EINV_IDX_2026"))
--
-- EI_VOID_YEAR (MAXVALUE, two local indexes): the SPLIT with UPDATE INDEXES keeps both USABLE;
-- each new index partition (named like the new table partition) is then placed with ALTER INDEX,
-- rebuild_clause: REBUILD PARTITION partition [parallel_clause | TABLESPACE tablespace | …]. It
-- holds only the rows split off PMAX (none here: PMAX is empty).
ALTER TABLE "EINV"."EI_VOID_YEAR" SPLIT PARTITION "PMAX" AT (TO_DATE(' 2028-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) INTO (PARTITION "P2027" TABLESPACE "EINV_DATA_2027", PARTITION "PMAX") UPDATE INDEXES
ALTER INDEX "EINV"."IX_VOID_NO" REBUILD PARTITION "P2027" TABLESPACE "EINV_IDX_2027"
ALTER INDEX "EINV"."IX_VOID_PAT" REBUILD PARTITION "P2027" TABLESPACE "EINV_IDX_2027"
