-- Stock per bill type and batch (库存). Contract: type_code, type_name, in_use, batch_year,
-- valid_from, valid_to, remaining; a bill type with no batch appears once with empty batch columns.
SELECT t.type_code, t.type_name, t.in_use, b.batch_year, b.valid_from, b.valid_to,
       b.end_no - b.next_no + 1 AS remaining
FROM {{ ident(schemas[0]) }}.bill_type t
LEFT JOIN {{ ident(schemas[0]) }}.stock_batch b
       ON b.type_code = t.type_code AND b.batch_year >= {{ bind(this_year) }}
ORDER BY t.type_code, b.batch_year, b.valid_from
