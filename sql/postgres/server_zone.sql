SELECT s.reset_val AS zone,
       CAST(EXTRACT(EPOCH FROM (now() AT TIME ZONE s.reset_val) - (now() AT TIME ZONE 'UTC')) AS text) AS offset_s
FROM pg_settings s
WHERE s.name = 'TimeZone'
