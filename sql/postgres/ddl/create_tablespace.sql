CREATE TABLESPACE {{ name }} LOCATION {{ location }}
