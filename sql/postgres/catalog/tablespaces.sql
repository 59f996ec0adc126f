-- Tablespaces and their directories (one round trip).
SELECT spcname AS name, pg_tablespace_location(oid) AS location
FROM pg_tablespace
ORDER BY spcname
