-- The indexes, constraints and storage options of pg_partman template tables, which new
-- children must carry. $1: the template tables as schema.table (text[]).
WITH tpl AS (
    SELECT t.name, c.oid, c.relpersistence, c.relowner, c.reloptions
    FROM unnest($1::text[]) AS t(name)
    JOIN pg_class c ON c.oid = to_regclass(t.name)
)
SELECT tpl.name AS template_name, 'index' AS kind, i.relname AS name,
       pg_get_indexdef(x.indexrelid) AS definition, coalesce(ts.spcname, '') AS extra
FROM tpl
JOIN pg_index x ON x.indrelid = tpl.oid
JOIN pg_class i ON i.oid = x.indexrelid
LEFT JOIN pg_tablespace ts ON ts.oid = i.reltablespace
WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = tpl.oid)
UNION ALL
SELECT tpl.name, 'constraint', k.conname, pg_get_constraintdef(k.oid), k.contype::text
FROM tpl
JOIN pg_constraint k ON k.conrelid = tpl.oid
WHERE k.contype IN ('p', 'u', 'c', 'x', 'f')
UNION ALL
SELECT tpl.name, 'table', '', coalesce(array_to_string(tpl.reloptions, ','), ''), tpl.relpersistence::text
FROM tpl
