-- Enabled EVENTs: the scheduler's jobs, which may create partitions or per-year tables too.
SELECT CONCAT(EVENT_SCHEMA, '.', EVENT_NAME) AS name, EVENT_DEFINITION AS detail
FROM information_schema.EVENTS
WHERE STATUS = 'ENABLED'
