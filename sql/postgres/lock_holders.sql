-- The sessions holding a lock on one table (named schema.table), as people need to find them.
SELECT a.pid::text AS pid, coalesce(a.usename, '') AS usename, coalesce(a.application_name, '') AS application_name,
       coalesce(a.state, '') AS state, coalesce(to_char(a.xact_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), '') AS since_utc
FROM pg_locks l
JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.relation = to_regclass($1::text) AND a.pid <> pg_backend_pid() AND l.granted
GROUP BY a.pid, a.usename, a.application_name, a.state, a.xact_start
ORDER BY a.xact_start
