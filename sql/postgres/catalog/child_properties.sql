-- What each partition carries of its own, beside what its parent gives it: indexes not attached
-- to a parent index and not backing a constraint, constraints neither inherited nor from the
-- parent, and the table's persistence, owner, grants and storage options (one round trip).
-- The schemas: one placeholder each.
WITH child AS (
    SELECT n.nspname AS schema_name, parent.relname AS table_name, c.oid, c.relname AS partition_name,
           c.relpersistence, c.relowner, c.relacl, c.reloptions
    FROM pg_inherits h
    JOIN pg_class parent ON parent.oid = h.inhparent AND parent.relkind = 'p'
    JOIN pg_namespace n ON n.oid = parent.relnamespace
    JOIN pg_class c ON c.oid = h.inhrelid
    WHERE n.nspname IN ({{ schemas }})
)
SELECT ch.schema_name, ch.table_name, ch.partition_name, 'index' AS kind, i.relname AS name,
       pg_get_indexdef(x.indexrelid) AS definition, coalesce(ts.spcname, '') AS extra
FROM child ch
JOIN pg_index x ON x.indrelid = ch.oid
JOIN pg_class i ON i.oid = x.indexrelid
LEFT JOIN pg_tablespace ts ON ts.oid = i.reltablespace
WHERE NOT EXISTS (SELECT 1 FROM pg_inherits hi WHERE hi.inhrelid = x.indexrelid)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = ch.oid)
UNION ALL
SELECT ch.schema_name, ch.table_name, ch.partition_name, 'constraint', k.conname,
       pg_get_constraintdef(k.oid), k.contype::text
FROM child ch
JOIN pg_constraint k ON k.conrelid = ch.oid
WHERE k.conislocal AND k.coninhcount = 0 AND k.contype IN ('p', 'u', 'c', 'x', 'f')
UNION ALL
SELECT ch.schema_name, ch.table_name, ch.partition_name, 'table', pg_get_userbyid(ch.relowner),
       coalesce(array_to_string(ch.reloptions, ','), ''),
       ch.relpersistence::text || coalesce(ch.relacl::text, '')
FROM child ch
