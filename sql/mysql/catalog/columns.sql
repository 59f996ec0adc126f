-- Column types, to know what a partition key holds (one round trip).
SELECT c.TABLE_SCHEMA AS schema_name, c.TABLE_NAME AS table_name, c.COLUMN_NAME AS column_name, c.DATA_TYPE AS data_type
FROM information_schema.COLUMNS c
JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
WHERE c.TABLE_SCHEMA IN ({{ schemas }}) AND t.TABLE_TYPE = 'BASE TABLE' AND t.CREATE_OPTIONS LIKE '%partitioned%'
