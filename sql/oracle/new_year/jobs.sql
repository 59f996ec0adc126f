-- Enabled DBMS_SCHEDULER jobs: the vendor's own jobs may create partitions or per-year tables too.
SELECT j.OWNER || '.' || j.JOB_NAME AS name, j.JOB_ACTION AS detail
FROM DBA_SCHEDULER_JOBS j
WHERE j.ENABLED = 'TRUE'
