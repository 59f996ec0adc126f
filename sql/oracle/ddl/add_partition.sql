ALTER TABLE {{ table }} ADD PARTITION {{ name }} VALUES LESS THAN ({{ upper }}){% if tablespace %} TABLESPACE {{ tablespace }}{% endif %}
