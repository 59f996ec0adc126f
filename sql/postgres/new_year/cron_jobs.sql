-- pg_cron's active jobs (read only where the extension is installed).
SELECT 'cron job ' || j.jobid::text AS name, j.schedule || ' ' || j.command AS detail
FROM cron.job j
WHERE j.active
