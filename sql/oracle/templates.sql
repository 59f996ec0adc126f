-- Templates of the bill types in use (票据模板). Contract: type_code, type_name, print_synced,
-- display_synced; print_version and display_version when known. Flags are NUMBER(1).
SELECT t.type_code, t.type_name,
       NVL(m.print_synced, 0) AS print_synced,
       NVL(m.display_synced, 0) AS display_synced,
       m.print_version, m.display_version
FROM {{ ident(schemas[0]) }}.bill_type t
LEFT JOIN {{ ident(schemas[0]) }}.bill_template m ON m.type_code = t.type_code
WHERE t.in_use = 1
ORDER BY t.type_code
