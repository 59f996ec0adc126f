ALTER TABLE {{ table }} SPLIT PARTITION {{ tail }} AT ({{ upper }}) INTO (PARTITION {{ name }}{% if tablespace %} TABLESPACE {{ tablespace }}{% endif %}, PARTITION {{ tail }}) UPDATE INDEXES
