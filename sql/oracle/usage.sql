-- Daily issued counts per bill type, from 1 January of last year on (at least 13 months: the
-- projection compares last year's same days). Contract: type_code, usage_day (a date), issued.
SELECT type_code, usage_day, issued
FROM {{ ident(schemas[0]) }}.bill_usage_daily
WHERE usage_day >= {{ bind((this_year - 1) ~ "-01-01") }}
ORDER BY type_code, usage_day
