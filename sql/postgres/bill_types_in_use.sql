-- Bill types in use: at least one is needed for the hospital to issue invoices. in_use is read
-- as text, so a boolean, a number or a text flag (是/否, Y/N, 启用/停用) all work: the same yes
-- values as the tool's one parser (the stock and templates steps read it there).
SELECT type_code, type_name
FROM {{ ident(schemas[0]) }}.bill_type
WHERE lower(btrim(in_use::text)) IN ('t', 'true', '1', 'y', 'yes', '是', '启用')
ORDER BY type_code
