-- The open instances of this database (more than one on RAC), and which one this session is on:
-- every instance's clock is read through its own session (SYSTIMESTAMP is the instance's).
SELECT i.INSTANCE_NAME AS instance_name, i.HOST_NAME AS host_name,
       CASE WHEN i.INSTANCE_NAME = SYS_CONTEXT('USERENV', 'INSTANCE_NAME') THEN 'Y' ELSE 'N' END AS current_one
FROM GV$INSTANCE i
WHERE i.STATUS = 'OPEN'
ORDER BY i.INST_ID
