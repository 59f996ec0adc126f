ALTER TABLE {{ table }} ATTACH PARTITION {{ partition }} FOR VALUES FROM ({{ lower }}) TO ({{ upper }})
