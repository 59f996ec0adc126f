-- Where each partition's InnoDB file lives: `./schema/table#P#part.ibd` in the server's data
-- directory, or an absolute path under the partition's DATA DIRECTORY. One round trip for every
-- table; needs the PROCESS privilege (without it the plan says the directories were not read).
SELECT NAME AS name, FILENAME AS filename
FROM information_schema.INNODB_SYS_TABLESPACES
WHERE NAME LIKE '%#P#%'
