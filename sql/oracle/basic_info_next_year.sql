-- 次年度基础信息已同步至本地: the items of next year's basic information present locally.
SELECT item, synced_at
FROM {{ ident(schemas[0]) }}.basic_info
WHERE info_year = {{ bind(year) }}
ORDER BY item
