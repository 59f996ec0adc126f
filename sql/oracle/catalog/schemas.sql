-- Every user (schema), so that a scope naming one that does not exist is said, with the ones that do.
SELECT USERNAME AS name FROM DBA_USERS ORDER BY 1
