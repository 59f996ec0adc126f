-- What each partition carries of its own, beside what its parent gives it: indexes not attached
-- to a parent index and not backing a constraint, constraints neither inherited nor from the
-- parent, and the table's persistence, owner, grants and storage options (one round trip).
-- The schemas: one placeholder each. A row names its partition by oid (partitions.sql has it).
-- Each branch joins the catalog tables themselves: a CTE of the children has no statistics, and
-- on an analyzed catalog of 26,000 partitions the planner scanned it once per index (0.33 s
-- instead of 0.05 s). Only the schemas' oids are shared (one mention of the binds).
WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname IN ({{ schemas }}))
SELECT c.oid AS partition_oid,
       'index' AS kind, i.relname AS name,
       pg_get_indexdef(x.indexrelid) AS definition, coalesce(ts.spcname, '') AS extra
FROM pg_index x
JOIN pg_inherits h ON h.inhrelid = x.indrelid
JOIN pg_class parent ON parent.oid = h.inhparent AND parent.relkind = 'p'
JOIN ns ON ns.oid = parent.relnamespace
JOIN pg_class c ON c.oid = h.inhrelid
JOIN pg_class i ON i.oid = x.indexrelid
LEFT JOIN pg_tablespace ts ON ts.oid = i.reltablespace
WHERE NOT EXISTS (SELECT 1 FROM pg_inherits hi WHERE hi.inhrelid = x.indexrelid)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = c.oid)
UNION ALL
SELECT c.oid, 'constraint', k.conname,
       pg_get_constraintdef(k.oid), k.contype::text
FROM pg_constraint k
JOIN pg_inherits h ON h.inhrelid = k.conrelid
JOIN pg_class parent ON parent.oid = h.inhparent AND parent.relkind = 'p'
JOIN ns ON ns.oid = parent.relnamespace
JOIN pg_class c ON c.oid = h.inhrelid
WHERE k.conislocal AND k.coninhcount = 0 AND k.contype IN ('p', 'u', 'c', 'x', 'f')
UNION ALL
SELECT c.oid, 'table', pg_get_userbyid(c.relowner),
       coalesce(array_to_string(c.reloptions, ','), ''),
       c.relpersistence::text || coalesce(c.relacl::text, '')
FROM pg_inherits h
JOIN pg_class parent ON parent.oid = h.inhparent AND parent.relkind = 'p'
JOIN ns ON ns.oid = parent.relnamespace
JOIN pg_class c ON c.oid = h.inhrelid
