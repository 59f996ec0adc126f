-- Whether a directory exists on the server (needs pg_read_server_files; an error means unknown).
SELECT (pg_stat_file($1::text, true)).isdir AS isdir
