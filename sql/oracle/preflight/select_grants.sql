-- Tables this session may read through an object grant: to it, to a role it has, or to PUBLIC
-- (SELECT, or READ from 12c). With SELECT ANY TABLE none is needed (checked first).
SELECT g.owner, g.table_name
FROM (
    SELECT p.OWNER AS owner, p.TABLE_NAME AS table_name
    FROM USER_TAB_PRIVS p
    WHERE p.GRANTEE = USER AND p.PRIVILEGE IN ('SELECT', 'READ')
    UNION
    SELECT r.OWNER, r.TABLE_NAME
    FROM ROLE_TAB_PRIVS r
    WHERE r.PRIVILEGE IN ('SELECT', 'READ') AND r.COLUMN_NAME IS NULL
    UNION
    SELECT a.TABLE_SCHEMA, a.TABLE_NAME
    FROM ALL_TAB_PRIVS a
    WHERE a.GRANTEE = 'PUBLIC' AND a.PRIVILEGE IN ('SELECT', 'READ')
) g
