-- What else creates partitions or tables on a schedule: pg_cron and pg_partman (extensions), and
-- pg_partman's background worker (its interval setting, when the library is loaded).
SELECT e.extname AS name, 'extension ' || e.extversion AS detail
FROM pg_extension e
WHERE e.extname IN ('pg_cron', 'pg_partman')
UNION ALL
SELECT 'pg_partman_bgw', 'interval ' || current_setting('pg_partman_bgw.interval', true)
WHERE current_setting('pg_partman_bgw.interval', true) IS NOT NULL
