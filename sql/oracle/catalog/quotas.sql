-- Where the schemas' owners may store rows (one round trip): UNLIMITED TABLESPACE granted
-- directly or through roles at any depth (tablespace '*'), and every DBA_TS_QUOTAS row (MAX_BYTES
-- -1 is unlimited). Deferred segment creation lets ADD/SPLIT PARTITION … TABLESPACE succeed with
-- no quota; the first insert then fails with ORA-01950, so the quota is checked before DDL.
SELECT x.owner, x.tablespace_name, x.max_bytes
FROM (
    SELECT p.GRANTEE AS owner, '*' AS tablespace_name, -1 AS max_bytes
    FROM DBA_SYS_PRIVS p
    WHERE p.PRIVILEGE = 'UNLIMITED TABLESPACE'
    UNION ALL
    SELECT h.owner, '*', -1
    FROM (
        SELECT CONNECT_BY_ROOT r.GRANTEE AS owner, r.GRANTED_ROLE AS role_name
        FROM DBA_ROLE_PRIVS r
        CONNECT BY NOCYCLE PRIOR r.GRANTED_ROLE = r.GRANTEE
    ) h
    JOIN DBA_SYS_PRIVS p ON p.GRANTEE = h.role_name AND p.PRIVILEGE = 'UNLIMITED TABLESPACE'
    UNION ALL
    SELECT q.USERNAME, q.TABLESPACE_NAME, q.MAX_BYTES
    FROM DBA_TS_QUOTAS q
    WHERE q.DROPPED = 'NO'
) x
WHERE x.owner IN ({{ schemas }})
