-- Rows of each MAXVALUE partition, one UNION ALL branch per table.
{% for p in probes %}{% if not loop.first %} UNION ALL {% endif %}SELECT {{ p.n }} AS probe, COUNT(*) AS n FROM {{ p.table }} PARTITION ({{ p.partition }}){{ p.filter }}{% endfor %}
