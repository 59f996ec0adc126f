-- Role, open mode and log mode of the database, and who we are.
SELECT d.NAME AS name, d.DATABASE_ROLE AS role, d.OPEN_MODE AS open_mode, d.LOG_MODE AS log_mode,
       SYS_CONTEXT('USERENV', 'SESSION_USER') AS session_user
FROM V$DATABASE d
