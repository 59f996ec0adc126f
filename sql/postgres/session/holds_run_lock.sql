-- Does this session still hold the run lock (pg_try_advisory_lock of hashtextextended(key, 0))?
-- A bigint advisory lock shows as classid (high 32 bits) and objid (low 32 bits), objsubid 1.
SELECT EXISTS (
  SELECT 1 FROM pg_catalog.pg_locks
  WHERE locktype = 'advisory' AND pid = pg_catalog.pg_backend_pid() AND granted AND objsubid = 1
    AND ((classid::bigint << 32) | objid::bigint) = pg_catalog.hashtextextended($1, 0)
) AS held
