-- Oracle 12c and later: the container this session is in (1 root, 2 seed, above 2 a PDB).
SELECT SYS_CONTEXT('USERENV', 'CON_ID') AS con_id, SYS_CONTEXT('USERENV', 'CON_NAME') AS con_name FROM DUAL
