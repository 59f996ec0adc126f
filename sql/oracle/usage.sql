-- Daily issued counts per bill type this year. Contract: type_code, usage_day, issued.
SELECT type_code, usage_day, issued
FROM {{ ident(schemas[0]) }}.bill_usage_daily
WHERE usage_day >= {{ bind(this_year ~ "-01-01") }}
ORDER BY type_code, usage_day
