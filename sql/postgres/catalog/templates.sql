-- pg_partman's template tables, when pg_partman is installed, with the indexes, constraints and
-- storage options new children must carry: `{{ part_config }}` is its part_config table, quoted
-- by yearend (one round trip, only where the extension exists). A template that no longer exists
-- still gives its `table` row, so the parent is known to have one. Every parent pg_partman
-- manages gives a `managed` row, template or not.
WITH managed AS (
    SELECT parent_table, template_table FROM {{ part_config }}
),
cfg AS (
    SELECT parent_table, template_table FROM managed
    WHERE coalesce(template_table, '') <> ''
),
tpl AS (
    SELECT cfg.parent_table, cfg.template_table AS name, c.oid, c.relpersistence, c.reloptions
    FROM cfg
    LEFT JOIN pg_class c ON c.oid = to_regclass(cfg.template_table)
)
SELECT tpl.parent_table, tpl.name AS template_name, 'index' AS kind, i.relname::text AS name,
       pg_get_indexdef(x.indexrelid) AS definition, coalesce(ts.spcname::text, '') AS extra
FROM tpl
JOIN pg_index x ON x.indrelid = tpl.oid
JOIN pg_class i ON i.oid = x.indexrelid
LEFT JOIN pg_tablespace ts ON ts.oid = i.reltablespace
WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = tpl.oid)
UNION ALL
SELECT tpl.parent_table, tpl.name, 'constraint', k.conname::text, pg_get_constraintdef(k.oid), k.contype::text
FROM tpl
JOIN pg_constraint k ON k.conrelid = tpl.oid
WHERE k.contype IN ('p', 'u', 'c', 'x', 'f')
UNION ALL
SELECT tpl.parent_table, tpl.name, 'table', '', coalesce(array_to_string(tpl.reloptions, ','), ''),
       coalesce(tpl.relpersistence::text, '')
FROM tpl
UNION ALL
SELECT managed.parent_table, '', 'managed', '', '', ''
FROM managed
