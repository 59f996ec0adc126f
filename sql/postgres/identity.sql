SELECT current_database() AS name, current_setting('server_version') AS version
