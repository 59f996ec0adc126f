-- ASM disk groups this instance uses, with the space a new file may take after redundancy
-- (USABLE_FILE_MB); no rows without ASM (one round trip).
SELECT '+' || g.NAME AS name, g.USABLE_FILE_MB AS usable_mb, g.STATE AS state
FROM V$ASM_DISKGROUP g
