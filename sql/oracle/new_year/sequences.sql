-- Sequences of the schemas with their bounds: numbering that carries the closing year in its
-- name or its range stops fitting on 1 January.
SELECT s.SEQUENCE_OWNER AS schema_name, s.SEQUENCE_NAME AS name, TO_CHAR(s.MIN_VALUE) AS min_value,
       TO_CHAR(s.MAX_VALUE) AS max_value, s.CYCLE_FLAG AS cycle
FROM DBA_SEQUENCES s
WHERE s.SEQUENCE_OWNER IN ({{ schemas }})
