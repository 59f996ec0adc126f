-- Global and schema privileges of this account (ALTER is what partition DDL needs).
SELECT PRIVILEGE_TYPE AS privilege, '*' AS schema_name
FROM information_schema.USER_PRIVILEGES
WHERE GRANTEE = CONCAT('''', REPLACE(CURRENT_USER(), '@', '''@'''), '''')
UNION ALL
SELECT PRIVILEGE_TYPE, TABLE_SCHEMA
FROM information_schema.SCHEMA_PRIVILEGES
WHERE GRANTEE = CONCAT('''', REPLACE(CURRENT_USER(), '@', '''@'''), '''')
