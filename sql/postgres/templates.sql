-- Templates of the bill types in use (票据模板). Contract: type_code, type_name, print_synced,
-- display_synced; print_version and display_version when known.
SELECT t.type_code, t.type_name,
       coalesce(m.print_synced, false) AS print_synced,
       coalesce(m.display_synced, false) AS display_synced,
       m.print_version, m.display_version
FROM {{ ident(schemas[0]) }}.bill_type t
LEFT JOIN {{ ident(schemas[0]) }}.bill_template m ON m.type_code = t.type_code
WHERE t.in_use
ORDER BY t.type_code
