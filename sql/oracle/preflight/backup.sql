-- The latest completed RMAN database backup and its age in seconds, by the database's own clock.
SELECT TO_CHAR(MAX(END_TIME), 'YYYY-MM-DD HH24:MI:SS') AS last_backup,
       ROUND((SYSDATE - MAX(END_TIME)) * 86400) AS age_seconds
FROM V$RMAN_BACKUP_JOB_DETAILS
WHERE STATUS IN ('COMPLETED', 'COMPLETED WITH WARNINGS') AND INPUT_TYPE IN ('DB FULL', 'DB INCR')
