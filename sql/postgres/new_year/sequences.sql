-- Sequences of the schemas with their bounds: numbering that carries the closing year in its
-- name or its range (2026000001…2026999999) stops fitting on 1 January.
SELECT s.schemaname AS schema_name, s.sequencename AS name, s.min_value::text AS min_value,
       s.max_value::text AS max_value, s.cycle
FROM pg_sequences s
WHERE s.schemaname IN ({{ schemas }})
