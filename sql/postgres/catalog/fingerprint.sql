-- Everything a partition has that can tell it from its siblings, for the children named by oid in
-- the one parameter (a comma-separated list): the chosen siblings and the new year's children,
-- never all children. One row per facet: (partition_oids, kind, ident, detail, flags), the
-- children that have it as a comma-separated list (children with the same pg_class or column row
-- share one: 18,000 column rows of 6,000 children are a few); yearend puts each child's own name
-- and bounds back as placeholders and compares the facets with the siblings'.
-- The pg_class row and each column's pg_attribute row are compared whole but for the columns
-- fingerprint_columns.sql leaves out (its list says why), built into one JSON object each from
-- the columns that query read on this server, and grouped by those columns (a column of a type
-- without equality, which no PostgreSQL catalog has today, would stop the read with the
-- server's error: never compared by nothing).
-- Every object that depends on the child is read through pg_depend (but its row type, its
-- defaults and its TOAST table, read above), deparsed when its kind has a
-- deparser and otherwise named by type and identity, so an unknown kind shows up as a difference.
WITH ids AS (SELECT string_to_array($1, ',')::oid[] AS oids),
deps AS (
  SELECT DISTINCT d.refobjid AS rel, d.classid, d.objid
  FROM pg_depend d
  WHERE d.refobjid = ANY ((SELECT oids FROM ids)::oid[])
    AND d.refclassid = 'pg_class'::regclass
    AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
    AND NOT (d.classid = 'pg_class'::regclass AND d.deptype = 'i')
)
SELECT string_agg(c.oid::text, ',') AS partition_oids, 'class' AS kind, '' AS ident,
       ({{ class_object }})::text AS detail, '' AS flags
FROM pg_class c
WHERE c.oid = ANY ((SELECT oids FROM ids)::oid[])
GROUP BY {{ class_columns }}
UNION ALL
SELECT string_agg(c.oid::text, ','), 'toast', '', coalesce(array_to_string(t.reloptions, ','), ''), ''
FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid
WHERE c.oid = ANY ((SELECT oids FROM ids)::oid[])
GROUP BY t.reloptions
UNION ALL
SELECT string_agg(a.attrelid::text, ','), 'column', a.attname, ({{ attribute_object }})::text, ''
FROM pg_attribute a
WHERE a.attrelid = ANY ((SELECT oids FROM ids)::oid[])
  AND a.attnum > 0 AND NOT a.attisdropped
GROUP BY a.attname, {{ attribute_columns }}
UNION ALL
SELECT a.attrelid::text, 'default', a.attname, pg_get_expr(ad.adbin, ad.adrelid), ''
FROM pg_attrdef ad
JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
WHERE ad.adrelid = ANY ((SELECT oids FROM ids)::oid[])
UNION ALL
SELECT deps.rel::text, o.type, array_to_string(o.object_names, '.'),
       coalesce(ix.detail, rel.detail, k.detail, tg.detail, pol.detail, pub.detail,
                CASE deps.classid WHEN 'pg_rewrite'::regclass THEN pg_get_ruledef(deps.objid)
                  WHEN 'pg_statistic_ext'::regclass THEN pg_get_statisticsobjdef(deps.objid) END,
                ''),
       coalesce(ix.flags, k.flags, tg.flags, '')
FROM deps CROSS JOIN LATERAL pg_identify_object_as_address(deps.classid, deps.objid, 0) AS o
LEFT JOIN LATERAL (
  SELECT pg_get_indexdef(x.indexrelid) AS detail,
         concat_ws(' ', CASE WHEN x.indisclustered THEN 'CLUSTER' END,
                   CASE WHEN x.indisreplident THEN 'REPLICA IDENTITY' END,
                   CASE WHEN NOT x.indisvalid THEN 'INVALID' END,
                   CASE WHEN EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = x.indexrelid)
                        THEN 'ATTACHED' END) AS flags
  FROM pg_index x WHERE deps.classid = 'pg_class'::regclass AND x.indexrelid = deps.objid
) AS ix ON true
LEFT JOIN LATERAL (
  SELECT r.relkind::text AS detail FROM pg_class r
  WHERE deps.classid = 'pg_class'::regclass AND r.oid = deps.objid AND r.relkind NOT IN ('i', 'I')
) AS rel ON true
LEFT JOIN LATERAL (
  SELECT pg_get_constraintdef(c.oid) AS detail,
         concat_ws(' ', CASE WHEN c.conparentid <> 0 OR NOT c.conislocal THEN 'INHERITED' END,
                   CASE WHEN NOT c.convalidated THEN 'NOT VALIDATED' END) AS flags
  FROM pg_constraint c WHERE deps.classid = 'pg_constraint'::regclass AND c.oid = deps.objid
) AS k ON true
LEFT JOIN LATERAL (
  SELECT CASE WHEN t.tgisinternal THEN 'INTERNAL' ELSE pg_get_triggerdef(t.oid) END AS detail,
         concat_ws(' ', 'ENABLED ' || t.tgenabled::text,
                   CASE WHEN t.tgparentid <> 0 THEN 'INHERITED' END) AS flags
  FROM pg_trigger t WHERE deps.classid = 'pg_trigger'::regclass AND t.oid = deps.objid
) AS tg ON true
LEFT JOIN LATERAL (
  SELECT 'FOR ' || p.polcmd::text
         || CASE WHEN p.polpermissive THEN ' PERMISSIVE' ELSE ' RESTRICTIVE' END
         || ' TO ' || (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r) END,
                                         ',' ORDER BY 1) FROM unnest(p.polroles) AS r)
         || coalesce(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')
         || coalesce(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '')
         AS detail
  FROM pg_policy p WHERE deps.classid = 'pg_policy'::regclass AND p.oid = deps.objid
) AS pol ON true
LEFT JOIN LATERAL (
  SELECT p.pubname || coalesce(' WHERE ' || pg_get_expr(r.prqual, r.prrelid), '') AS detail
  FROM pg_publication_rel r JOIN pg_publication p ON p.oid = r.prpubid
  WHERE deps.classid = 'pg_publication_rel'::regclass AND r.oid = deps.objid
) AS pub ON true
UNION ALL
SELECT k.confrelid::text, 'referenced by', k.conrelid::regclass::text, pg_get_constraintdef(k.oid),
       CASE WHEN k.conparentid <> 0 OR NOT k.conislocal THEN 'INHERITED' ELSE '' END
FROM pg_constraint k
WHERE k.confrelid = ANY ((SELECT oids FROM ids)::oid[])
  AND k.contype = 'f' AND k.conrelid <> k.confrelid
UNION ALL
SELECT ds.objoid::text, 'comment', coalesce(a.attname::text, ''), ds.description, ''
FROM pg_description ds
LEFT JOIN pg_attribute a ON a.attrelid = ds.objoid AND a.attnum = ds.objsubid AND ds.objsubid > 0
WHERE ds.objoid = ANY ((SELECT oids FROM ids)::oid[])
  AND ds.classoid = 'pg_class'::regclass
UNION ALL
SELECT sl.objoid::text, 'security label', sl.provider || coalesce(' ' || a.attname::text, ''), sl.label, ''
FROM pg_seclabel sl
LEFT JOIN pg_attribute a ON a.attrelid = sl.objoid AND a.attnum = sl.objsubid AND sl.objsubid > 0
WHERE sl.objoid = ANY ((SELECT oids FROM ids)::oid[])
  AND sl.classoid = 'pg_class'::regclass
UNION ALL
SELECT sd.objid::text, 'shared dependency', sd.deptype::text || ' ' || pg_get_userbyid(sd.refobjid), '', ''
FROM pg_shdepend sd
WHERE sd.objid = ANY ((SELECT oids FROM ids)::oid[])
  AND sd.classid = 'pg_class'::regclass AND sd.refclassid = 'pg_authid'::regclass
  AND sd.deptype NOT IN ('o', 'a', 'r')
