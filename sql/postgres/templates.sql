-- Templates of every bill type (票据模板), with in_use as stored: the tool reads it (true/false,
-- 1/0, Y/N, 是/否, 启用/停用) and names a value it does not understand. Contract: type_code,
-- type_name, print_synced, display_synced; print_version and display_version when known.
SELECT t.type_code, t.type_name, t.in_use,
       coalesce(m.print_synced, false) AS print_synced,
       coalesce(m.display_synced, false) AS display_synced,
       m.print_version, m.display_version
FROM {{ ident(schemas[0]) }}.bill_type t
LEFT JOIN {{ ident(schemas[0]) }}.bill_template m ON m.type_code = t.type_code
ORDER BY t.type_code
