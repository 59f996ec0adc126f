-- Stock per bill type and batch (库存). Contract: type_code, type_name, in_use (a yes/no:
-- true/false, 1/0, Y/N, 是/否, 启用/停用), batch_no, batch_year, valid_from, valid_to, remaining,
-- stocked (入库: received into the hospital's stock, not only issued to it), and range_from /
-- range_to, the numbers left (so batches whose numbers overlap are counted once); a bill type
-- with no batch appears once with empty batch columns.
SELECT t.type_code, t.type_name, t.in_use, b.batch_id AS batch_no, b.batch_year, b.valid_from,
       b.valid_to, b.end_no - b.next_no + 1 AS remaining, b.stocked,
       b.next_no AS range_from, b.end_no AS range_to
FROM {{ ident(schemas[0]) }}.bill_type t
LEFT JOIN {{ ident(schemas[0]) }}.stock_batch b
       ON b.type_code = t.type_code AND b.batch_year >= {{ bind(this_year) }}
ORDER BY t.type_code, b.batch_year, b.valid_from
