CREATE TABLE {{ partition }} PARTITION OF {{ table }} FOR VALUES FROM ({{ lower }}) TO ({{ upper }}){% if tablespace %} TABLESPACE {{ tablespace }}{% endif %}
