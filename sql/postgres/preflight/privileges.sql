-- Partitioned tables this user may not extend: CREATE TABLE … PARTITION OF needs the parent's owner.
SELECT n.nspname AS schema_name, c.relname AS table_name, pg_get_userbyid(c.relowner) AS owner
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'p' AND NOT c.relispartition
  AND NOT pg_has_role(current_user, c.relowner, 'USAGE')
ORDER BY n.nspname, c.relname
