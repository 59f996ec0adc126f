ALTER INDEX {{ index }} REBUILD PARTITION {{ partition }} TABLESPACE {{ tablespace }}
