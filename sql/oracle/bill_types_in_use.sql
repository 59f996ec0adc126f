-- Bill types in use: at least one is needed for the hospital to issue invoices.
-- Oracle has no BOOLEAN columns before 23ai: in_use is NUMBER(1).
SELECT type_code, type_name
FROM {{ ident(schemas[0]) }}.bill_type
WHERE in_use = 1
ORDER BY type_code
