SET lock_timeout = '{{ seconds }}s'
