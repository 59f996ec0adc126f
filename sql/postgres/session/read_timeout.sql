SET LOCAL statement_timeout = '{{ seconds }}s'
