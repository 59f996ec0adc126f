-- EI_BILL (range, monthly through P202710) has two reference-partitioned children:
-- EI_BILL_ITEM with a table-level default tablespace (EINV_DATA_2026) and EI_BILL_PAY without one.
-- VLDB and Partitioning Guide, "About Adding a Partition or Subpartition to a Reference-Partitioned
-- Table": the parent's ADD cascades to every reference-partitioned child — no statement names a
-- child. "Creating Interval-Reference Partitioned Tables": the child's new partition goes to the
-- child's table-level default tablespace when it has one, else it follows the parent's partition.
-- So EI_BILL_PAY follows into EINV_DATA_2027 and EI_BILL_ITEM would stay in EINV_DATA_2026. The
-- fix is the DBA's (ALTER TABLE … MODIFY DEFAULT ATTRIBUTES TABLESPACE, or the ADD's
-- dependent_tables_clause): both are forms the shared grammar refuses (checked: "no viable
-- alternative at input 'MODIFY DEFAULT'", "text left over after one statement: 'DEPENDENT'"),
-- so yearend names the first in its output and sends neither.
-- SQL Language Reference 19c, ALTER TABLE, add_range_partition_clause: ADD PARTITION partition
--   range_values_clause [table_partition_description], TABLESPACE in the description.
ALTER TABLE "EINV"."EI_BILL" ADD PARTITION "P202711" VALUES LESS THAN (TO_DATE(' 2027-12-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027"
ALTER TABLE "EINV"."EI_BILL" ADD PARTITION "P202712" VALUES LESS THAN (TO_DATE(' 2028-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027"
