-- The columns of pg_class and pg_attribute that a child's facets compare (fingerprint.sql):
-- every column this server has but those left out here, so a column a later PostgreSQL adds is
-- compared by default. Left out of pg_class: identity (oid, relname, relnamespace, reltype,
-- relfilenode, reltoastrelid, relrewrite, relpartbound: the bounds), placement (reltablespace:
-- compared by the placement rule), volatile counters (relpages, reltuples, relallvisible,
-- relfrozenxid, relminmxid), flags derived from other facets (relhasindex, relhasrules,
-- relhastriggers, relhassubclass, relchecks, relnatts) and what the carried properties already
-- compare (relowner, relacl, reloptions, relpersistence). Left out of pg_attribute: identity and
-- position (attrelid, attname, attnum), what the type decides (attlen, attbyval, attalign,
-- attndims), caches (attcacheoff, atthasmissing, attmissingval), flags derived from other facets
-- (atthasdef) and whether the column came from the parent or was declared (attislocal,
-- attinhcount); dropped columns are never read.
SELECT c.relname::text AS catalog_name, a.attname::text AS column_name
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.oid IN ('pg_catalog.pg_class'::regclass, 'pg_catalog.pg_attribute'::regclass)
  AND a.attnum > 0 AND NOT a.attisdropped
  AND a.attname NOT IN ('oid', 'relname', 'relnamespace', 'reltype', 'relfilenode',
    'reltoastrelid', 'relrewrite', 'relpartbound', 'reltablespace', 'relpages', 'reltuples',
    'relallvisible', 'relfrozenxid', 'relminmxid', 'relhasindex', 'relhasrules',
    'relhastriggers', 'relhassubclass', 'relchecks', 'relnatts', 'relowner', 'relacl',
    'reloptions', 'relpersistence',
    'attrelid', 'attname', 'attnum', 'attlen', 'attbyval', 'attalign', 'attndims',
    'attcacheoff', 'atthasmissing', 'attmissingval', 'atthasdef', 'attislocal', 'attinhcount',
    'attisdropped')
ORDER BY c.relname, a.attnum
