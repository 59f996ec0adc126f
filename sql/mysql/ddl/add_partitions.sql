ALTER TABLE {{ table }} ADD PARTITION ({% for p in partitions %}PARTITION {{ p.name }} VALUES LESS THAN ({{ p.upper }}){% if not loop.last %}, {% endif %}{% endfor %})
