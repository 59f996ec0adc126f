-- Sequences of the schemas (MariaDB 10.3+): numbering whose name carries the closing year.
SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS name, '' AS min_value, '' AS max_value, 0 AS cycle
FROM information_schema.TABLES
WHERE TABLE_TYPE = 'SEQUENCE' AND TABLE_SCHEMA IN ({{ schemas }})
