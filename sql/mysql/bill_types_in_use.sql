-- Bill types in use: at least one is needed for the hospital to issue invoices.
SELECT type_code, type_name
FROM {{ ident(schemas[0]) }}.bill_type
WHERE in_use
ORDER BY type_code
