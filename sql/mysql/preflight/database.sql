-- Read-only server (replicas usually are), binary logging, and who we are.
SELECT CURRENT_USER() AS session_user, @@global.read_only AS read_only, @@global.log_bin AS log_bin
