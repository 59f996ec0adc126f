-- Rows of each DEFAULT partition at or above the new bounds, one UNION ALL branch per table.
{% for p in probes %}{% if not loop.first %} UNION ALL {% endif %}SELECT {{ p.n }} AS probe, COUNT(*) AS n FROM {{ p.partition }}{{ p.filter }}{% endfor %}
