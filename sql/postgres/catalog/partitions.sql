-- Every partition of the partitioned tables in the schemas, with its bound as the catalog holds
-- it (one round trip, whatever the number of tables). The schemas: one placeholder each.
-- A row names its table by oid (part_tables.sql has the names and keys once per table): 26,000
-- partitions' rows carry no repeated names to send and copy.
-- Bounds hold only constants, so pg_get_expr needs no relation (0): opening each of 26,000
-- partitions to deparse its bound cost 0.25 s. Rows come unordered; the caller groups and sorts.
SELECT i.inhparent AS parent,
       p.oid AS oid,
       p.relname AS partition_name,
       pg_get_expr(p.relpartbound, 0) AS bound,
       p.relkind = 'p' AS subpartitioned,
       -- Size on disk of the DEFAULT partition only: 0 bytes proves it holds no rows.
       CASE WHEN p.oid = pt.partdefid THEN pg_relation_size(p.oid) END AS default_bytes,
       coalesce(ts.spcname, '') AS tablespace
FROM pg_partitioned_table pt
JOIN pg_class c ON c.oid = pt.partrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_inherits i ON i.inhparent = c.oid
JOIN pg_class p ON p.oid = i.inhrelid
LEFT JOIN pg_tablespace ts ON ts.oid = p.reltablespace
WHERE n.nspname IN ({{ schemas }}) AND NOT c.relispartition
