-- An 11.2 server (V$INSTANCE.VERSION 11.2.0.4.0): one SPLIT per new partition (the split into
-- several partitions at once is 12c; see split-many-12c).
-- EI_BILL ends in P_MAX VALUES LESS THAN (TO_DATE(' 2100-01-01 …')): a catch-all, not MAXVALUE,
-- so ADD PARTITION above it is refused (ORA-14074) and it is split like MAXVALUE.
-- SQL Language Reference 19c, ALTER TABLE, split_table_partition:
--   SPLIT PARTITION partition AT (literal) INTO (range_partition_desc, range_partition_desc)
--   [update_index_clauses]. Rows below AT go to the first partition; naming the second as the
--   existing partition keeps P_MAX (and its upper bound, 2100-01-01). range_partition_desc takes
--   the table_partition_description: TABLESPACE tablespace.
-- ALTER TABLE, update_all_indexes_clause: UPDATE INDEXES keeps local and global indexes USABLE.
-- The bound as Oracle prints a DATE HIGH_VALUE (TO_DATE with the SYYYY format and the calendar).
ALTER TABLE "EINV"."EI_BILL" SPLIT PARTITION "P_MAX" AT (TO_DATE(' 2027-12-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) INTO (PARTITION "P202711" TABLESPACE "EINV_DATA_2027", PARTITION "P_MAX") UPDATE INDEXES
ALTER TABLE "EINV"."EI_BILL" SPLIT PARTITION "P_MAX" AT (TO_DATE(' 2028-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) INTO (PARTITION "P202712" TABLESPACE "EINV_DATA_2027", PARTITION "P_MAX") UPDATE INDEXES
