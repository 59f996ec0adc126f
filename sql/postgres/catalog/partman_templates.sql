-- pg_partman's template tables, when pg_partman is installed: `{{ part_config }}` is its
-- part_config table, quoted by yearend (one round trip, only where the extension exists).
SELECT parent_table, coalesce(template_table, '') AS template_table FROM {{ part_config }}
