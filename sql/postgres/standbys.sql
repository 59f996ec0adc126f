-- Physical standbys streaming from this server: each replays CREATE TABLESPACE and needs the
-- directory to exist on its own disk first.
SELECT coalesce(application_name, '') AS name, coalesce(host(client_addr), 'local') AS addr,
       coalesce(state, '') AS state
FROM pg_stat_replication
ORDER BY 1, 2
