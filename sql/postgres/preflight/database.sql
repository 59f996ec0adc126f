-- Standby or primary, default read-only, archiving, and who we are.
SELECT current_user AS session_user, pg_is_in_recovery() AS standby,
       current_setting('default_transaction_read_only') AS default_read_only,
       current_setting('archive_mode') AS archive_mode, r.rolsuper AS superuser
FROM pg_roles r
WHERE r.rolname = current_user
